package io.leadflow.archetype;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generates a plugin project from the freshly built archetype, outside the reactor, and builds it
 * as a third party would: {@code archetype:generate}, then {@code mvn verify}. The project sees the
 * LeadFlow artifacts of this build only, seeded into its own local repository (CI runs
 * {@code mvn verify}, not install, so the build's repository has none); everything else comes
 * from the build's local repository through a {@code file:} mirror, so no network is needed.
 */
class GeneratedPluginProjectIT {
    private static final String VERSION = required("leadflow.version");
    private static final Path ROOT = Path.of(required("leadflow.root")).toAbsolutePath().normalize();
    private static final long MAVEN_TIMEOUT_SECONDS = 300;

    @TempDir
    Path work;

    @Test
    void theGeneratedProjectBuildsItsTestsPassAndItsJarIsAPlugin() throws Exception {
        Path repository = work.resolve("repository");
        seed(repository, "leadflow-parent", ROOT.resolve("pom.xml"), null);
        seed(repository, "leadflow-plugin-api", ROOT.resolve("plugin-api/pom.xml"), jarOnClasspath("leadflow-plugin-api"));
        seed(repository, "leadflow-plugin-check", ROOT.resolve("plugin-check/pom.xml"),
                jarOnClasspath("leadflow-plugin-check"));
        seed(repository, "leadflow-plugin-testkit", ROOT.resolve("plugin-testkit/pom.xml"),
                jarOnClasspath("leadflow-plugin-testkit"));
        seed(repository, "leadflow-plugin-archetype", ROOT.resolve("plugin-archetype/pom.xml"),
                Path.of(required("archetype.jar")));
        Path settings = work.resolve("settings.xml");
        Files.writeString(settings, """
                <settings>
                  <mirrors>
                    <mirror>
                      <id>build-repository</id>
                      <mirrorOf>*</mirrorOf>
                      <url>%s</url>
                    </mirror>
                  </mirrors>
                </settings>
                """.formatted(Path.of(required("build.repository")).toUri()));

        long generateStarted = System.nanoTime();
        MavenRun generated = maven(work, settings, repository,
                "org.apache.maven.plugins:maven-archetype-plugin:" + required("archetype.plugin.version") + ":generate",
                "-DarchetypeGroupId=io.leadflow", "-DarchetypeArtifactId=leadflow-plugin-archetype",
                "-DarchetypeVersion=" + VERSION, "-DgroupId=com.acme", "-DartifactId=acme-crm-plugin",
                "-Dversion=1.2.0", "-Dpackage=com.acme.crm", "-DpluginId=acme-crm", "-DinteractiveMode=false");
        double generateSeconds = (System.nanoTime() - generateStarted) / 1e9;
        assertThat(generated.exitCode()).as(generated.output()).isZero();
        Path project = work.resolve("acme-crm-plugin");
        assertThat(project.resolve("src/main/java/com/acme/crm/SendGreetingNode.java")).isRegularFile();
        assertThat(Files.readString(project.resolve("pom.xml")))
                .contains("<leadflow.version>" + VERSION + "</leadflow.version>")
                .doesNotContain("@project.version@");

        long verifyStarted = System.nanoTime();
        MavenRun built = maven(project, settings, repository, "verify");
        double verifySeconds = (System.nanoTime() - verifyStarted) / 1e9;
        System.out.printf("generated plugin project: archetype:generate %.1f s, mvn verify %.1f s%n",
                generateSeconds, verifySeconds);
        assertThat(built.exitCode()).as(built.output()).isZero();
        assertThat(built.output()).contains("Tests run: 5, Failures: 0, Errors: 0, Skipped: 0")
                .contains("Running com.acme.crm.PluginJarIT")
                .contains("Tests run: 1, Failures: 0, Errors: 0, Skipped: 0, Time elapsed");

        Path jar = project.resolve("target/acme-crm-plugin-1.2.0.jar");
        assertThat(jar).isRegularFile();
        try (JarFile plugin = new JarFile(jar.toFile())) {
            Attributes manifest = plugin.getManifest().getMainAttributes();
            assertThat(manifest.getValue("Plugin-Id")).isEqualTo("acme-crm");
            assertThat(manifest.getValue("Plugin-Version")).isEqualTo("1.2.0");
            assertThat(manifest.getValue("Plugin-Class")).isEqualTo("com.acme.crm.ExamplePlugin");
            assertThat(manifest.getValue("Plugin-Requires")).isEqualTo(">=0.1.0");
            List<String> apiImports = apiImports(manifest.getValue("Import-Package"));
            assertThat(apiImports).isNotEmpty().allSatisfy(clause -> assertThat(clause).matches(
                    "io\\.leadflow\\.api(\\.[a-z]+)?;version=\"\\[1\\.\\d+,2\\)\""));
            assertThat(apiImports).anySatisfy(clause -> assertThat(clause).startsWith("io.leadflow.api.node;"))
                    .anySatisfy(clause -> assertThat(clause).startsWith("io.leadflow.api.credential;"))
                    .anySatisfy(clause -> assertThat(clause).startsWith("io.leadflow.api.http;"));
            String extensions = new String(plugin.getInputStream(plugin.getEntry("META-INF/extensions.idx"))
                    .readAllBytes(), StandardCharsets.UTF_8);
            assertThat(extensions).contains("com.acme.crm.SendGreetingNode", "com.acme.crm.ApiKeyCredential");
            // the contract is the kernel's: a copy inside the plugin would only be ignored
            assertThat(Collections.list(plugin.entries())).noneSatisfy(entry ->
                    assertThat(entry.getName()).startsWith("io/leadflow/"));
        }
    }

    /** The {@code io.leadflow.api*} clauses of an Import-Package header (commas inside quotes kept). */
    static List<String> apiImports(String header) {
        List<String> clauses = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : header.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                clauses.add(current.toString().trim());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        clauses.add(current.toString().trim());
        return clauses.stream().filter(clause -> clause.startsWith("io.leadflow.api")).collect(Collectors.toList());
    }

    private static void seed(Path repository, String artifactId, Path pom, Path jar) throws IOException {
        Path folder = repository.resolve("io/leadflow/" + artifactId + "/" + VERSION);
        Files.createDirectories(folder);
        Files.copy(pom, folder.resolve(artifactId + "-" + VERSION + ".pom"), StandardCopyOption.REPLACE_EXISTING);
        if (jar != null) {
            Files.copy(jar, folder.resolve(artifactId + "-" + VERSION + ".jar"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The module's jar as this test was given it: the reactor's freshly packaged one, or the local repository's. */
    private static Path jarOnClasspath(String artifactId) {
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry);
            if (path.getFileName().toString().equals(artifactId + "-" + VERSION + ".jar") && Files.isRegularFile(path)) {
                return path;
            }
        }
        throw new IllegalStateException(artifactId + "-" + VERSION + ".jar is not on the test class path (run the"
                + " build to the package phase at least): " + System.getProperty("java.class.path"));
    }

    record MavenRun(int exitCode, String output) {
    }

    private static MavenRun maven(Path directory, Path settings, Path repository, String... arguments)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(required("maven.home"), "bin", "mvn").toString());
        command.addAll(List.of("-B", "--no-transfer-progress", "-s", settings.toString(),
                "-Dmaven.repo.local=" + repository));
        command.addAll(List.of(arguments));
        Path log = Files.createTempFile("leadflow-archetype-maven", ".log");
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!process.waitFor(MAVEN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("mvn " + String.join(" ", arguments) + " did not finish within "
                    + MAVEN_TIMEOUT_SECONDS + " s:\n" + Files.readString(log));
        }
        String output = Files.readString(log);
        Files.delete(log);
        return new MavenRun(process.exitValue(), output);
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set (the module's failsafe"
                    + " configuration sets it)");
        }
        return value;
    }
}
