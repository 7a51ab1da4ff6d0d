package io.leadflow.marketplace;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Writes a plugin jar whose manifest is all the index tool reads (the checks never load a class). */
public final class TestJars {
    private TestJars() {
    }

    /** A jar with PF4J's headers and the given extra headers (a null value removes a header); {@code padding} random bytes stored. */
    public static Path plugin(Path dir, String id, String version, Map<String, String> extra, int padding) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Plugin-Id", id);
        main.putValue("Plugin-Version", version);
        main.putValue("Plugin-Class", "test.ThePlugin");
        main.putValue("Plugin-Requires", ">=0.1.0");
        main.putValue("Import-Package", "io.leadflow.api;version=\"[1.0,2)\",org.slf4j;version=\"[2.0,3)\"");
        extra.forEach((name, value) -> {
            if (value == null) {
                main.remove(new Attributes.Name(name));
            } else {
                main.putValue(name, value);
            }
        });
        Path jar = dir.resolve(id + "-" + version + ".jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.putNextEntry(new JarEntry("test/ThePlugin.class"));
            out.write(new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE});
            out.closeEntry();
            if (padding > 0) {
                byte[] random = new byte[padding];
                new java.util.Random(1).nextBytes(random);
                out.putNextEntry(new JarEntry("padding.bin"));
                out.write(random);
                out.closeEntry();
            }
        }
        return jar;
    }
}
