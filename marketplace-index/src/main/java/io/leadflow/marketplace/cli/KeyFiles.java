package io.leadflow.marketplace.cli;

import io.leadflow.marketplace.Ed25519;
import io.leadflow.marketplace.TrustedKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;

/**
 * The key files keygen writes: {@code ID.private} holds the PKCS#8 private key in base64 (mode 600),
 * {@code ID.public} holds {@code ID:base64}, the very form {@code LEADFLOW_MARKETPLACE_ROOT_KEYS} takes.
 */
final class KeyFiles {
    static final String PRIVATE = ".private";
    static final String PUBLIC = ".public";

    private KeyFiles() {
    }

    static PrivateKey privateKey(Path file) {
        try {
            return Ed25519.privateKey(text(file));
        } catch (IllegalArgumentException e) {
            throw new ToolException(file + " is not a private key written by keygen: " + e.getMessage());
        }
    }

    /** The key id a private key file stands for: the given one, or its file name without {@code .private}. */
    static String keyId(Path file, String given) {
        if (given != null) {
            return given;
        }
        String name = file.getFileName().toString();
        if (!name.endsWith(PRIVATE)) {
            throw new ToolException("cannot tell the key id of " + file + "; pass it with --key-id");
        }
        return name.substring(0, name.length() - PRIVATE.length());
    }

    static TrustedKey publicKey(Path file) {
        try {
            return TrustedKey.parse(text(file));
        } catch (IllegalArgumentException e) {
            throw new ToolException(file + " is not a public key written by keygen: " + e.getMessage());
        }
    }

    private static String text(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ToolException("no such key file: " + file);
        }
        try {
            return Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
