package io.leadflow.kernel.marketplace;

import io.leadflow.kernel.audit.AuditLog;
import io.leadflow.kernel.boot.ConfigException;
import io.leadflow.kernel.boot.LeadFlowConfig;
import io.leadflow.kernel.plugin.PluginService;
import io.leadflow.kernel.store.Store;
import io.leadflow.marketplace.IndexSource;
import io.leadflow.marketplace.IndexVerifier;
import io.leadflow.marketplace.ReleaseCompatibility;
import io.leadflow.plugincheck.ApiPackages;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** Wires the marketplace feature from the kernel's settings. */
public final class Marketplace {
    private Marketplace() {
    }

    /**
     * The marketplace service for these settings (listing {@code configured:false} without a URL).
     *
     * @param config the settings ({@code LEADFLOW_MARKETPLACE_URL}, {@code LEADFLOW_MARKETPLACE_ROOT_KEYS})
     * @param kernelVersion this kernel's version
     * @param store the database
     * @param plugins the plugin runtime
     * @param audit the audit log
     * @param downloads where artifacts are downloaded to
     * @return the service
     */
    public static MarketplaceService service(LeadFlowConfig config, String kernelVersion, Store store, PluginService plugins,
                                             AuditLog audit, Path downloads) {
        var roots = config.marketplaceRootKeys();
        IndexCalls calls = config.marketplaceUrl().map(url -> {
            try {
                return new IndexCalls(IndexSource.of(url, Duration.ofSeconds(20)), 2, Duration.ofMillis(200),
                        Duration.ofSeconds(60), Duration.ofMinutes(5));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("LEADFLOW_MARKETPLACE_URL: " + e.getMessage());
            }
        }).orElse(null);
        IndexVerifier verifier = calls == null ? null : new IndexVerifier(roots, Clock.systemUTC());
        return new MarketplaceService(calls, verifier, new ReleaseCompatibility(kernelVersion, ApiPackages.ofRunningKernel()),
                store, plugins, audit, downloads);
    }
}
