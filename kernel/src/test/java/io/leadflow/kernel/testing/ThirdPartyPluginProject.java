package io.leadflow.kernel.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A plugin project as a third-party developer makes one: generated from this build's archetype in
 * a folder outside the reactor and built with {@code mvn verify} in a Maven process of its own. It
 * sees this build's LeadFlow artifacts only, seeded into a local repository of its own; the rest
 * comes from the build's local repository through a {@code file:} mirror, so no network is needed.
 */
public final class ThirdPartyPluginProject {
    private static final long MAVEN_TIMEOUT_SECONDS = 300;

    private final Path work;
    private final Path repository;
    private final Path settings;
    private final String version = required("leadflow.version");

    private ThirdPartyPluginProject(Path work) throws IOException {
        this.work = work;
        this.repository = work.resolve("repository");
        this.settings = work.resolve("settings.xml");
        Path root = Path.of(required("leadflow.root")).toAbsolutePath().normalize();
        seed("leadflow-parent", root.resolve("pom.xml"), null);
        for (String module : List.of("plugin-api", "plugin-check", "plugin-testkit")) {
            seed("leadflow-" + module, root.resolve(module + "/pom.xml"), onClassPath("leadflow-" + module));
        }
        Path archetype = root.resolve("plugin-archetype/target/leadflow-plugin-archetype-" + version + ".jar");
        if (!Files.isRegularFile(archetype)) {
            throw new IllegalStateException(archetype + " is missing: build plugin-archetype first (mvn verify from the root)");
        }
        seed("leadflow-plugin-archetype", root.resolve("plugin-archetype/pom.xml"), archetype);
        Files.writeString(settings, """
                <settings>
                  <mirrors>
                    <mirror><id>build-repository</id><mirrorOf>*</mirrorOf><url>%s</url></mirror>
                  </mirrors>
                </settings>
                """.formatted(Path.of(required("build.repository")).toUri()));
    }

    /** Generates the project {@code artifactId} with plugin id {@code pluginId} and builds it; returns its jar. */
    public static Path generateAndBuild(Path work, String pluginId, String artifactId, String pluginVersion)
            throws IOException, InterruptedException {
        ThirdPartyPluginProject project = new ThirdPartyPluginProject(work);
        project.maven(work, "org.apache.maven.plugins:maven-archetype-plugin:" + required("archetype.plugin.version")
                        + ":generate", "-DarchetypeGroupId=io.leadflow", "-DarchetypeArtifactId=leadflow-plugin-archetype",
                "-DarchetypeVersion=" + project.version, "-DgroupId=com.example", "-DartifactId=" + artifactId,
                "-Dversion=" + pluginVersion, "-Dpackage=com.example." + pluginId.replace("-", ""),
                "-DpluginId=" + pluginId, "-DinteractiveMode=false");
        Path folder = work.resolve(artifactId);
        project.maven(folder, "verify");
        return folder.resolve("target/" + artifactId + "-" + pluginVersion + ".jar");
    }

    private void seed(String artifactId, Path pom, Path jar) throws IOException {
        Path folder = repository.resolve("io/leadflow/" + artifactId + "/" + version);
        Files.createDirectories(folder);
        Files.copy(pom, folder.resolve(artifactId + "-" + version + ".pom"), StandardCopyOption.REPLACE_EXISTING);
        if (jar != null) {
            Files.copy(jar, folder.resolve(artifactId + "-" + version + ".jar"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private Path onClassPath(String artifactId) {
        String name = artifactId + "-" + version + ".jar";
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry);
            if (path.getFileName().toString().equals(name) && Files.isRegularFile(path)) {
                return path;
            }
        }
        throw new IllegalStateException(name + " is not on the test class path (package the module first)");
    }

    private void maven(Path directory, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(required("maven.home"), "bin", "mvn").toString(),
                "-B", "--no-transfer-progress", "-s", settings.toString(), "-Dmaven.repo.local=" + repository));
        command.addAll(List.of(arguments));
        Path log = Files.createTempFile(work, "maven", ".log");
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        boolean finished = process.waitFor(MAVEN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        if (!finished || process.exitValue() != 0) {
            throw new AssertionError("mvn " + String.join(" ", arguments) + (finished ? " failed" : " timed out")
                    + ":\n" + Files.readString(log));
        }
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set (kernel/pom.xml's failsafe sets it)");
        }
        return value;
    }
}
