package io.leadflow.marketplace;

import java.util.Map;
import java.util.Optional;
import org.apache.felix.utils.manifest.Clause;
import org.apache.felix.utils.manifest.Parser;
import org.osgi.framework.Version;
import org.osgi.framework.VersionRange;
import org.pf4j.DefaultVersionManager;
import org.pf4j.VersionManager;

/**
 * Whether a release can run on a given kernel, judged from the index alone before anything is
 * downloaded: its {@code requires} against the LeadFlow version (PF4J's constraint syntax, as the
 * kernel's {@code Plugin-Requires} check) and its API imports against the plugin API package versions.
 */
public final class ReleaseCompatibility {
    private final VersionManager versions = new DefaultVersionManager();
    private final String kernelVersion;
    private final Map<String, Version> apiPackages;

    /**
     * @param kernelVersion the LeadFlow release version, e.g. {@code 0.1.0} (a {@code -SNAPSHOT} suffix is ignored,
     *                      as the kernel's own check does)
     * @param apiPackages the plugin API packages the kernel provides, with their versions
     */
    public ReleaseCompatibility(String kernelVersion, Map<String, Version> apiPackages) {
        this.kernelVersion = kernelVersion.replaceFirst("-.*$", "");
        this.apiPackages = Map.copyOf(apiPackages);
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
            for (Clause clause : Parser.parseHeader(imported)) {
                Version provided = apiPackages.get(clause.getName());
                if (provided == null) {
                    return Optional.of("imports " + clause.getName() + ", which this kernel's plugin API does not have");
                }
                String range = clause.getAttribute("version");
                try {
                    if (range != null && !VersionRange.valueOf(range).includes(provided)) {
                        return Optional.of("needs " + clause.getName() + " " + range + " but this kernel provides "
                                + provided);
                    }
                } catch (IllegalArgumentException e) {
                    return Optional.of("imports " + clause.getName() + " with an invalid range '" + range + "'");
                }
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
