package io.leadflow.plugincheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pf4j.DefaultVersionManager;

class PluginArchiveInspectorTest {
    @TempDir
    Path dir;

    private final PluginArchiveInspector inspector =
            new PluginArchiveInspector(ApiPackages.ofRunningKernel(), new DefaultVersionManager(), "0.1.0");

    private Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Plugin-Id", "acme");
        headers.put("Plugin-Version", "1.2.3");
        headers.put("Plugin-Class", "com.acme.AcmePlugin");
        headers.put("Plugin-Requires", ">=0.1.0");
        headers.put("Import-Package", "io.leadflow.api.node;version=\"[1.0,2)\",org.slf4j;version=\"[2.0,3)\"");
        return headers;
    }

    private Path jar(Map<String, String> headers) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        headers.forEach((name, value) -> manifest.getMainAttributes().putValue(name, value));
        Path jar = Files.createTempFile(dir, "plugin", ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.putNextEntry(new ZipEntry("com/acme/readme.txt"));
            out.write("hello".getBytes());
        }
        return jar;
    }

    @Test
    void aValidJarIsDescribedWithItsApiImportsAndHash() throws IOException {
        PluginArchive archive = inspector.inspect(jar(headers()));

        assertThat(archive.id()).isEqualTo("acme");
        assertThat(archive.version()).isEqualTo("1.2.3");
        assertThat(archive.apiImports()).containsExactly("io.leadflow.api.node;version=\"[1.0,2)\"");
        assertThat(archive.sha256()).hasSize(64).matches("[0-9a-f]+");
    }

    @Test
    void eachBrokenHeaderIsRefusedByItsCheck() throws IOException {
        Map<String, String> noId = headers();
        noId.remove("Plugin-Id");
        assertRefused(jar(noId), "manifest", "no Plugin-Id");

        Map<String, String> capitals = headers();
        capitals.put("Plugin-Id", "Acme");
        assertRefused(jar(capitals), "manifest", "lower-case");

        Map<String, String> badVersion = headers();
        badVersion.put("Plugin-Version", "one");
        assertRefused(jar(badVersion), "manifest", "not a semantic version");

        Map<String, String> future = headers();
        future.put("Plugin-Requires", ">=9.0.0");
        assertRefused(jar(future), "plugin-requires", "this kernel is 0.1.0");

        Map<String, String> newerApi = headers();
        newerApi.put("Import-Package", "io.leadflow.api.node;version=\"[2.0,3)\"");
        assertRefused(jar(newerApi), "import-package", "in [2.0,3)");

        Map<String, String> unknownPackage = headers();
        unknownPackage.put("Import-Package", "io.leadflow.api.secret");
        assertRefused(jar(unknownPackage), "import-package", "does not have");
    }

    @Test
    void notAZipAndAnEscapingEntryAreRefusedAsArchives() throws IOException {
        Path text = dir.resolve("notes.jar");
        Files.writeString(text, "not a zip at all");
        assertRefused(text, "archive", "not a jar");

        Path escaping = dir.resolve("escaping.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(escaping))) {
            out.putNextEntry(new ZipEntry("../../etc/cron.d/evil"));
            out.write(1);
        }
        assertRefused(escaping, "archive", "escapes the archive");
    }

    @Test
    void aZipBombIsRefusedBeforeItIsUnpacked() throws IOException {
        Path bomb = dir.resolve("bomb.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(bomb))) {
            out.putNextEntry(new ZipEntry("zeros.bin"));
            byte[] zeros = new byte[1024 * 1024];
            OutputStream entry = out;
            for (int i = 0; i < 20; i++) {
                entry.write(zeros);
            }
        }
        assertRefused(bomb, "archive", "zip bomb");
    }

    private void assertRefused(Path jar, String check, String detail) {
        assertThatThrownBy(() -> inspector.inspect(jar))
                .isInstanceOfSatisfying(PluginCheckException.class, e -> assertThat(e.check()).isEqualTo(check))
                .hasMessageContaining(detail);
    }
}
