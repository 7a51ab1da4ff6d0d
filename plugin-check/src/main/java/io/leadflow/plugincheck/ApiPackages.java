package io.leadflow.plugincheck;

import io.leadflow.api.LeadFlowPlugin;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.apache.felix.utils.manifest.Clause;
import org.apache.felix.utils.manifest.Parser;
import org.osgi.framework.Version;
import org.osgi.framework.VersionRange;

/**
 * The packages of the plugin API this kernel runs, with their semantic versions, read from the
 * plugin-api bundle's {@code Export-Package} (or, when running from classes, its {@code packageinfo}
 * files). A plugin's {@code Import-Package} ranges are checked against them.
 */
public final class ApiPackages {
    private final Map<String, Version> versions;

    private ApiPackages(Map<String, Version> versions) {
        this.versions = Map.copyOf(versions);
    }

    /**
     * The API packages on this class path: the plugin-api jar (or classes folder) that holds
     * {@code io.leadflow.api.LeadFlowPlugin}.
     *
     * @return their versions
     */
    public static ApiPackages ofRunningKernel() {
        try {
            Path source = Path.of(LeadFlowPlugin.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return new ApiPackages(Files.isDirectory(source) ? fromPackageInfo(source) : fromManifest(source));
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot read the plugin API's package versions", e);
        }
    }

    private static Map<String, Version> fromManifest(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            String exports = file.getManifest().getMainAttributes().getValue("Export-Package");
            Map<String, Version> result = new TreeMap<>();
            for (Clause clause : Parser.parseHeader(exports)) {
                result.put(clause.getName(), Version.parseVersion(clause.getAttribute("version")));
            }
            return result;
        }
    }

    private static Map<String, Version> fromPackageInfo(Path classes) throws IOException {
        Map<String, Version> result = new TreeMap<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path info : files.filter(path -> path.getFileName().toString().equals("packageinfo")).toList()) {
                String pkg = classes.relativize(info.getParent()).toString().replace('/', '.');
                try (InputStream in = Files.newInputStream(info)) {
                    String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
                    result.put(pkg, Version.parseVersion(text.replaceFirst("^version\\s+", "")));
                }
            }
        }
        return result;
    }

    /**
     * The version of the API's main package.
     *
     * @return e.g. {@code 1.0.0}, or {@code unknown}
     */
    public String apiVersion() {
        Version version = versions.get("io.leadflow.api");
        return version == null ? "unknown" : version.toString();
    }

    /**
     * Every API package with its version.
     *
     * @return package name to version
     */
    public Map<String, Version> versions() {
        return versions;
    }

    /**
     * Refuses an {@code Import-Package} clause of an API package this kernel does not provide in a
     * version inside the clause's range.
     *
     * @param clauseText one or more {@code Import-Package} clauses
     * @throws PluginCheckException ({@code import-package}) if one is not met
     */
    public void check(String clauseText) {
        for (Clause clause : Parser.parseHeader(clauseText)) {
            Version provided = versions.get(clause.getName());
            if (provided == null) {
                throw PluginCheckException.of("import-package",
                        "the plugin imports " + clause.getName() + ", which this kernel's plugin API does not have");
            }
            String range = clause.getAttribute("version");
            if (range != null && !VersionRange.valueOf(range).includes(provided)) {
                throw PluginCheckException.of("import-package", "the plugin needs " + clause.getName()
                        + " in " + range + " but this kernel provides " + provided);
            }
        }
    }
}
