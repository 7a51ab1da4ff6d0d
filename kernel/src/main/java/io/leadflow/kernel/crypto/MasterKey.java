package io.leadflow.kernel.crypto;

import io.leadflow.kernel.boot.ConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The 256-bit key secrets are encrypted with: {@code LEADFLOW_MASTER_KEY} (base64), or else a key
 * generated once into {@code <data>/master.key} with a loud warning, since whoever reads the data
 * folder then holds both the ciphertext and its key.
 */
public final class MasterKey {
    private static final Logger LOG = LoggerFactory.getLogger(MasterKey.class);

    private final SecretKey key;
    private final String id;

    private MasterKey(byte[] bytes) {
        this.key = new SecretKeySpec(bytes, "AES");
        this.id = fingerprint(bytes);
    }

    public static MasterKey load(Optional<String> configured, Path dataDir) {
        if (configured.isPresent()) {
            return new MasterKey(decode(configured.get(), "LEADFLOW_MASTER_KEY"));
        }
        Path file = dataDir.resolve("master.key");
        try {
            if (Files.exists(file)) {
                return new MasterKey(decode(Files.readString(file, StandardCharsets.US_ASCII).trim(), file.toString()));
            }
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            Files.createDirectories(dataDir);
            Files.writeString(file, Base64.getEncoder().encodeToString(bytes) + "\n", StandardCharsets.US_ASCII);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system; the warning below still applies
            }
            LOG.warn("*** No LEADFLOW_MASTER_KEY set: generated one into {}. Anyone who can read the data folder "
                    + "can decrypt its secrets. Set LEADFLOW_MASTER_KEY (32 random bytes, base64) and keep it "
                    + "elsewhere. ***", file);
            return new MasterKey(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        }
    }

    /** A key from its base64 text; {@code source} names where it came from in the error. */
    public static MasterKey parse(String base64, String source) {
        return new MasterKey(decode(base64, source));
    }

    /** A key from raw bytes (tests and tools). */
    public static MasterKey of(byte[] bytes) {
        return new MasterKey(bytes.clone());
    }

    private static byte[] decode(String text, String source) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text.trim());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(source + " must be base64 (e.g. from: openssl rand -base64 32)");
        }
        if (bytes.length != 32) {
            throw new ConfigException(source + " must decode to 32 bytes, got " + bytes.length);
        }
        return bytes;
    }

    private static String fingerprint(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "k" + HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    SecretKey key() {
        return key;
    }

    /** A short, non-secret id of the key, stored with every ciphertext. */
    public String id() {
        return id;
    }
}
