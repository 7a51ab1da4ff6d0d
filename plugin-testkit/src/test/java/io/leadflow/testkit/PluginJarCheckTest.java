package io.leadflow.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The refusals a plugin author sees in their own build; the generated project's PluginJarIT covers a good jar. */
class PluginJarCheckTest {
    @TempDir
    Path dir;

    private Path jar(String imports, String extensionsIndex) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Plugin-Id", "acme");
        main.putValue("Plugin-Version", "1.0.0");
        main.putValue("Plugin-Class", "com.acme.AcmePlugin");
        main.putValue("Plugin-Requires", ">=0.1.0");
        main.putValue("Import-Package", imports);
        Path jar = dir.resolve("acme-" + System.nanoTime() + ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            if (extensionsIndex != null) {
                out.putNextEntry(new ZipEntry("META-INF/extensions.idx"));
                out.write(extensionsIndex.getBytes());
            }
        }
        return jar;
    }

    @Test
    void aMissingJarSaysToRunAfterPackaging() {
        assertThatThrownBy(() -> PluginJarCheck.assertInstallable(dir.resolve("absent.jar")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("after the jar is packaged");
    }

    @Test
    void anApiRangeThisKernelDoesNotMeetIsRefusedByImportPackage() throws IOException {
        Path jar = jar("io.leadflow.api.node;version=\"[7.0,8)\"", "com.acme.Node\n");
        assertThatThrownBy(() -> PluginJarCheck.assertInstallable(jar))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("check 'import-package'").hasMessageContaining("[7.0,8)");
    }

    @Test
    void aJarWithoutExtensionsIsRefused() throws IOException {
        Path jar = jar("io.leadflow.api.node;version=\"[1.0,2)\"", null);
        assertThatThrownBy(() -> PluginJarCheck.assertInstallable(jar))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("check 'extension'").hasMessageContaining("@Extension");
    }

    @Test
    void aPluginClassMissingFromTheJarIsRefusedAsTheKernelsStartWouldBe() throws IOException {
        Path jar = jar("io.leadflow.api.node;version=\"[1.0,2)\"", "com.acme.Node\n");
        assertThatThrownBy(() -> PluginJarCheck.assertInstallable(jar))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("check 'start'").hasMessageContaining("com.acme.AcmePlugin");
    }

    @Test
    void requiringANewerKernelIsRefused() throws IOException {
        Path jar = jar("io.leadflow.api.node;version=\"[1.0,2)\"", "com.acme.Node\n");
        assertThatThrownBy(() -> PluginJarCheck.assertInstallable(jar, "0.0.1"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("check 'plugin-requires'").hasMessageContaining("this kernel is 0.0.1");
    }
}
