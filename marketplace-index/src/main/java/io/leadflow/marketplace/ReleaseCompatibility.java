package io.leadflow.marketplace;

import io.leadflow.plugincheck.ApiPackages;
import io.leadflow.plugincheck.PluginCheckException;
import java.util.Optional;
import org.pf4j.DefaultVersionManager;
import org.pf4j.VersionManager;

/**
 * Whether a release can run on a given kernel, judged from the index alone before anything is
 * downloaded: its {@code requires} against the LeadFlow version (PF4J's constraint syntax, as the
 * kernel's {@code Plugin-Requires} check) and its API imports against the plugin API package versions
 * (plugin-check's {@link ApiPackages}, the very check the kernel runs on the jar).
 */
public final class ReleaseCompatibility {
    private final VersionManager versions = new DefaultVersionManager();
    private final String kernelVersion;
    private final ApiPackages api;

    /**
     * @param kernelVersion the LeadFlow release version, e.g. {@code 0.1.0} (a {@code -SNAPSHOT} suffix is ignored,
     *                      as the kernel's own check does)
     * @param api the plugin API packages the kernel provides, with their versions
     */
    public ReleaseCompatibility(String kernelVersion, ApiPackages api) {
        this.kernelVersion = kernelVersion.replaceFirst("-.*$", "");
        this.api = api;
    }

    /** Why the release cannot run here, or empty when it can. */
    public Optional<String> incompatibility(IndexRelease release) {
        String requires = release.requires().trim();
        if (!requires.isEmpty() && !"*".equals(requires)) {
            try {
                if (!versions.checkVersionConstraint(kernelVersion, requires)) {
                    return Optional.of("requires LeadFlow " + requires + " but this kernel is " + kernelVersion);
                }
            } catch (RuntimeException e) {
                return Optional.of("requires '" + requires + "', which is not a version expression");
            }
        }
        for (String imported : release.apiImports()) {
            try {
                api.check(imported);
            } catch (PluginCheckException e) {
                return Optional.of(e.getMessage());
            } catch (IllegalArgumentException e) {
                return Optional.of("imports '" + imported + "', which is not a valid Import-Package clause");
            }
        }
        return Optional.empty();
    }

    /**
     * Refuses a release that must not be installed here.
     *
     * @throws IndexRefusedException with check {@code yanked} or {@code incompatible}
     */
    public void requireInstallable(String pluginId, IndexRelease release) {
        if (release.yanked()) {
            throw new IndexRefusedException(IndexRefusedException.YANKED, pluginId + " " + release.version()
                    + " was yanked by its publisher" + (release.yankedReason() == null ? "" : ": " + release.yankedReason()));
        }
        incompatibility(release).ifPresent(reason -> {
            throw new IndexRefusedException(IndexRefusedException.INCOMPATIBLE, pluginId + " " + release.version() + " "
                    + reason);
        });
    }
}
