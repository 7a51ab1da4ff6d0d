package io.leadflow.kernel.marketplace;

import io.leadflow.kernel.audit.Actor;
import io.leadflow.kernel.audit.AuditEntry;
import io.leadflow.kernel.audit.AuditLog;
import io.leadflow.kernel.http.ProblemException;
import io.leadflow.kernel.plugin.InstalledPlugin;
import io.leadflow.kernel.plugin.PluginService;
import io.leadflow.kernel.store.Store;
import io.leadflow.marketplace.IndexFiles;
import io.leadflow.marketplace.IndexPlugin;
import io.leadflow.marketplace.IndexRefusedException;
import io.leadflow.marketplace.IndexRelease;
import io.leadflow.marketplace.IndexUnavailableException;
import io.leadflow.marketplace.IndexVerifier;
import io.leadflow.marketplace.ReleaseCompatibility;
import io.leadflow.marketplace.VerifiedIndex;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import org.pf4j.DefaultVersionManager;
import org.pf4j.VersionManager;

/**
 * Lists the configured marketplace and installs from it. Every call reads and verifies the index
 * anew (it is small, and a yank or a revoked key must take effect at once), and remembers the
 * highest sequence accepted so an older index is refused as a replay.
 */
public final class MarketplaceService {
    private final IndexCalls calls;
    private final IndexVerifier verifier;
    private final ReleaseCompatibility compatibility;
    private final Store store;
    private final PluginService plugins;
    private final AuditLog audit;
    private final Path downloads;
    private final VersionManager versions = new DefaultVersionManager();

    /**
     * @param calls the index location, or null when no marketplace is configured
     * @param verifier checks the signature chain
     * @param compatibility judges releases against this kernel
     * @param store where the highest sequence seen is kept
     * @param plugins installs and upgrades
     * @param audit records installs and their refusals
     * @param downloads where artifacts are downloaded to (the plugins folder's {@code .incoming})
     */
    MarketplaceService(IndexCalls calls, IndexVerifier verifier, ReleaseCompatibility compatibility, Store store,
                       PluginService plugins, AuditLog audit, Path downloads) {
        this.calls = calls;
        this.verifier = verifier;
        this.compatibility = compatibility;
        this.store = store.register(MarketplaceMapper.class);
        this.plugins = plugins;
        this.audit = audit;
        this.downloads = downloads;
    }

    /** The marketplace as this kernel sees it. */
    public MarketplaceView view() {
        if (calls == null) {
            return MarketplaceView.unconfigured();
        }
        VerifiedIndex index;
        try {
            index = verified();
        } catch (IndexRefusedException e) {
            throw MarketplaceProblems.refused(e);
        } catch (IndexUnavailableException e) {
            throw MarketplaceProblems.unavailable(e.getMessage());
        }
        Map<String, String> installed = plugins.list().stream()
                .collect(Collectors.toMap(InstalledPlugin::id, InstalledPlugin::version, (a, b) -> a));
        List<MarketplaceView.Plugin> listed = index.plugins().stream()
                .map(plugin -> view(plugin, installed.get(plugin.id()))).toList();
        return new MarketplaceView(true, calls.location(), index.sequence(), index.issuedAt(), index.expiresAt(), listed);
    }

    private MarketplaceView.Plugin view(IndexPlugin plugin, String installedVersion) {
        List<MarketplaceView.Release> releases = plugin.releases().stream().map(release -> {
            Optional<String> reason = compatibility.incompatibility(release);
            return new MarketplaceView.Release(release.version(), release.requires(), release.size(), release.sha256(),
                    release.yanked(), release.yankedReason(), reason.isEmpty(), reason.orElse(null), release.advisories());
        }).toList();
        Optional<String> latest = releases.stream().filter(release -> release.compatible() && !release.yanked())
                .map(MarketplaceView.Release::version).max(this::compare);
        boolean update = installedVersion != null && latest.isPresent() && compare(latest.get(), installedVersion) > 0;
        return new MarketplaceView.Plugin(plugin.id(), plugin.name(), plugin.description(), plugin.author(),
                plugin.homepage(), plugin.icon(), plugin.categories(), installedVersion, latest.orElse(null), update,
                releases);
    }

    private int compare(String left, String right) {
        try {
            return versions.compareVersions(left, right);
        } catch (RuntimeException e) {
            return left.compareTo(right); // not semantic versions: a stable order all the same
        }
    }

    /**
     * Installs a release, or upgrades to it when the plugin is installed already.
     *
     * @throws ProblemException 422 {@code marketplace-refused} naming the failed check, 404 for an unlisted
     *                          release, 502 when the index cannot be read, or the plugin runtime's own problems
     */
    public InstalledPlugin install(Actor actor, String id, String version, boolean force) {
        if (calls == null) {
            throw MarketplaceProblems.notConfigured();
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("source", calls.location());
        detail.put("version", version);
        try {
            VerifiedIndex index = verified();
            detail.put("sequence", index.sequence());
            IndexPlugin plugin = index.plugin(id).orElseThrow(() -> MarketplaceProblems.notListed(
                    "the marketplace has no plugin '" + id + "'"));
            IndexRelease release = plugin.release(version).orElseThrow(() -> MarketplaceProblems.notListed(
                    "the marketplace has no release " + version + " of " + id));
            detail.put("sha256", release.sha256());
            compatibility.requireInstallable(id, release);
            plugins.list().stream().filter(installed -> installed.id().equals(id)).findFirst()
                    .ifPresent(installed -> detail.put("previousVersion", installed.version()));
            InstalledPlugin result = installDownloaded(actor, id, release, force);
            audit.record(AuditEntry.of(actor, "marketplace.install", AuditEntry.SUCCESS, "plugin", id, detail));
            return result;
        } catch (IndexRefusedException e) {
            detail.put("check", e.check());
            detail.put("reason", e.getMessage());
            audit.record(AuditEntry.of(actor, "marketplace.install", AuditEntry.FAILURE, "plugin", id, detail));
            throw MarketplaceProblems.refused(e);
        } catch (IndexUnavailableException e) {
            detail.put("reason", e.getMessage());
            audit.record(AuditEntry.of(actor, "marketplace.install", AuditEntry.FAILURE, "plugin", id, detail));
            throw MarketplaceProblems.unavailable(e.getMessage());
        } catch (ProblemException e) {
            detail.put("reason", e.getMessage());
            if (e.extensions().get("check") != null) {
                detail.put("check", e.extensions().get("check"));
            }
            audit.record(AuditEntry.of(actor, "marketplace.install", AuditEntry.FAILURE, "plugin", id, detail));
            throw e;
        }
    }

    private InstalledPlugin installDownloaded(Actor actor, String id, IndexRelease release, boolean force) {
        Path jar = downloads.resolve(UUID.randomUUID() + ".marketplace.jar");
        try {
            calls.download(release, jar);
            IndexVerifier.verifyArtifact(jar, release);
            requireManifestNames(jar, id, release.version());
            boolean installed = plugins.list().stream().anyMatch(plugin -> plugin.id().equals(id));
            try (InputStream in = Files.newInputStream(jar)) {
                return installed ? plugins.upgrade(actor, id, in, force) : plugins.install(actor, in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the downloaded " + jar, e);
        } finally {
            try {
                Files.deleteIfExists(jar);
            } catch (IOException ignored) {
                // .incoming is cleaned on the next start
            }
        }
    }

    /** The signed hash binds the bytes; this binds them to the listed id and version too. */
    private static void requireManifestNames(Path jar, String id, String version) {
        Manifest manifest;
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            manifest = file.getManifest();
        } catch (IOException e) {
            throw new IndexRefusedException("manifest", "the artifact is not a readable jar: " + e.getMessage());
        }
        String actualId = manifest == null ? null : manifest.getMainAttributes().getValue("Plugin-Id");
        String actualVersion = manifest == null ? null : manifest.getMainAttributes().getValue("Plugin-Version");
        if (!id.equals(actualId) || !version.equals(actualVersion)) {
            throw new IndexRefusedException("manifest", "the index lists this artifact as " + id + " " + version
                    + " but its manifest says " + actualId + " " + actualVersion);
        }
    }

    /** Reads and verifies the index; throws the library's refusals and unavailability as they are. */
    private VerifiedIndex verified() {
        IndexFiles files = calls.load();
        String source = calls.location();
        SequenceRow seen = store.inTransaction(MarketplaceMapper.class, mapper -> mapper.find(source));
        long highest = seen == null ? -1 : seen.highestSequence;
        // reading again the very index accepted last is not a replay; a different one with its sequence is
        long floor = seen != null && IndexVerifier.sha256(files.index()).equals(seen.indexSha256) ? highest - 1 : highest;
        VerifiedIndex index = verifier.verify(files, floor);
        if (index.sequence() > highest) {
            store.inTransaction(MarketplaceMapper.class, mapper -> mapper.raise(source, index.sequence(), index.sha256()));
        }
        return index;
    }
}
