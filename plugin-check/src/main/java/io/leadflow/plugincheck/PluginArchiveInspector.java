package io.leadflow.plugincheck;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.apache.felix.utils.manifest.Clause;
import org.apache.felix.utils.manifest.Parser;
import org.pf4j.VersionManager;

/**
 * Checks a plugin jar before PF4J sees it, reading bytes only, never loading a class: a real zip
 * that is not a bomb, a manifest with PF4J's headers, a version this kernel satisfies, and
 * {@code Import-Package} ranges of the plugin API that the running API meets.
 */
public final class PluginArchiveInspector {
    /** The most entries a plugin jar may have. */
    public static final int MAX_ENTRIES = 20_000;
    /** The most bytes a plugin jar may unpack to. */
    public static final long MAX_UNCOMPRESSED_BYTES = 256L * 1024 * 1024;
    /** The highest compression ratio of an entry over 1 MB before it counts as a zip bomb. */
    public static final long MAX_RATIO = 200;
    private static final String ID_PATTERN = "[a-z][a-z0-9-]{0,40}";

    private final ApiPackages api;
    private final VersionManager versions;
    private final String kernelVersion;

    /**
     * An inspector for one kernel.
     *
     * @param api the plugin API packages the kernel provides
     * @param versions how PF4J compares versions and evaluates {@code Plugin-Requires}
     * @param kernelVersion the kernel's release version, e.g. {@code 0.1.0}
     */
    public PluginArchiveInspector(ApiPackages api, VersionManager versions, String kernelVersion) {
        this.api = api;
        this.versions = versions;
        this.kernelVersion = kernelVersion;
    }

    /**
     * Checks a jar, reading its bytes only.
     *
     * @param jar the plugin jar
     * @return what its manifest declares, with its SHA-256
     * @throws PluginCheckException naming the check the jar fails
     */
    public PluginArchive inspect(Path jar) {
        Manifest manifest = readSafely(jar);
        Attributes main = manifest.getMainAttributes();
        String id = require(main, "Plugin-Id");
        if (!id.matches(ID_PATTERN)) {
            throw PluginCheckException.of("manifest", "Plugin-Id '" + id
                    + "' must be lower-case letters, digits and dashes (it scopes the plugin's type ids)");
        }
        String version = require(main, "Plugin-Version");
        try {
            versions.compareVersions(version, "0.0.0");
        } catch (RuntimeException e) {
            throw PluginCheckException.of("manifest", "Plugin-Version '" + version + "' is not a semantic version");
        }
        String pluginClass = require(main, "Plugin-Class");
        String requires = main.getValue("Plugin-Requires");
        if (requires != null && !requires.isBlank() && !"*".equals(requires.trim())) {
            boolean satisfied;
            try {
                satisfied = versions.checkVersionConstraint(kernelVersion, requires.trim());
            } catch (RuntimeException e) {
                throw PluginCheckException.of("plugin-requires", "Plugin-Requires '" + requires + "' is not a valid expression");
            }
            if (!satisfied) {
                throw PluginCheckException.of("plugin-requires", "the plugin requires LeadFlow " + requires
                        + " but this kernel is " + kernelVersion);
            }
        }
        List<String> apiImports = new ArrayList<>();
        String imports = main.getValue("Import-Package");
        if (imports != null) {
            for (Clause clause : Parser.parseHeader(imports)) {
                if (clause.getName().startsWith("io.leadflow.api")) {
                    String text = clause.toString();
                    api.check(text);
                    apiImports.add(text);
                }
            }
        }
        return new PluginArchive(jar, id, version, pluginClass, requires, List.copyOf(apiImports), sha256(jar));
    }

    private static String require(Attributes main, String header) {
        String value = main.getValue(header);
        if (value == null || value.isBlank()) {
            throw PluginCheckException.of("manifest", "the manifest has no " + header + " header");
        }
        return value.trim();
    }

    /** Reads the manifest after walking the central directory for bomb signs. */
    private static Manifest readSafely(Path jar) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            if (zip.size() > MAX_ENTRIES) {
                throw PluginCheckException.of("archive", "the jar has " + zip.size() + " entries (at most "
                        + MAX_ENTRIES + ")");
            }
            long total = 0;
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (entry.getName().contains("..") || entry.getName().startsWith("/")) {
                    throw PluginCheckException.of("archive", "entry '" + entry.getName() + "' escapes the archive");
                }
                long size = entry.getSize();
                long compressed = entry.getCompressedSize();
                if (size < 0 || compressed < 0) {
                    continue;
                }
                total += size;
                if (total > MAX_UNCOMPRESSED_BYTES) {
                    throw PluginCheckException.of("archive", "the jar unpacks to more than "
                            + MAX_UNCOMPRESSED_BYTES / (1024 * 1024) + " MB (a zip bomb?)");
                }
                if (size > 1024 * 1024 && compressed > 0 && size / compressed > MAX_RATIO) {
                    throw PluginCheckException.of("archive", "entry '" + entry.getName() + "' compresses "
                            + size / compressed + ":1 (a zip bomb?)");
                }
            }
            ZipEntry manifestEntry = zip.getEntry("META-INF/MANIFEST.MF");
            if (manifestEntry == null) {
                throw PluginCheckException.of("manifest", "the jar has no META-INF/MANIFEST.MF");
            }
            try (InputStream in = new BoundedInputStream(zip.getInputStream(manifestEntry), 1024 * 1024)) {
                return new Manifest(in);
            }
        } catch (ZipException e) {
            throw PluginCheckException.of("archive", "not a jar: " + e.getMessage());
        } catch (IOException e) {
            throw PluginCheckException.of("archive", "unreadable jar: " + e.getMessage());
        }
    }

    private static String sha256(Path jar) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(jar), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash " + jar, e);
        }
    }

    /** Refuses to read a manifest larger than a limit, whatever its entry header claims. */
    private static final class BoundedInputStream extends java.io.FilterInputStream {
        private long remaining;

        BoundedInputStream(InputStream in, long limit) {
            super(in);
            this.remaining = limit;
        }

        @Override
        public int read() throws IOException {
            if (remaining-- <= 0) {
                throw new IOException("manifest too large");
            }
            return super.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (remaining <= 0) {
                throw new IOException("manifest too large");
            }
            int n = super.read(buffer, offset, (int) Math.min(length, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }
    }
}
