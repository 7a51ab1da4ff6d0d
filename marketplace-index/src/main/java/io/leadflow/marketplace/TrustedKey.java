package io.leadflow.marketplace;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;

/**
 * A root public key the reader pins (the kernel takes them from {@code LEADFLOW_MARKETPLACE_ROOT_KEYS}).
 * Root keys sign only {@code keys.json}; they can stay offline.
 *
 * @param keyId the id a {@code keys.json.sig} names
 * @param publicKey the Ed25519 public key
 */
public record TrustedKey(String keyId, PublicKey publicKey) {
    private static final String KEY_ID = "[A-Za-z0-9._-]{1,64}";

    /** Checks the id's shape, which the JSON Schemas also require. */
    public TrustedKey {
        if (keyId == null || !keyId.matches(KEY_ID)) {
            throw new IllegalArgumentException("a key id is 1 to 64 letters, digits, '.', '_' or '-', not '" + keyId + "'");
        }
    }

    /**
     * Parses {@code keyId:base64}, the base64 being the X.509 SubjectPublicKeyInfo encoding of an Ed25519 key.
     *
     * @throws IllegalArgumentException when the text is not of that shape
     */
    public static TrustedKey parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        int colon = trimmed.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("a trusted key is written keyId:base64, got '" + trimmed + "'");
        }
        return new TrustedKey(trimmed.substring(0, colon), Ed25519.publicKey(trimmed.substring(colon + 1).trim()));
    }

    /** Parses a comma-separated list of {@code keyId:base64}; blank entries are skipped. */
    public static List<TrustedKey> parseList(String text) {
        List<TrustedKey> keys = new ArrayList<>();
        if (text != null) {
            for (String part : text.split(",")) {
                if (!part.isBlank()) {
                    keys.add(parse(part));
                }
            }
        }
        return List.copyOf(keys);
    }

    /** The {@code keyId:base64} form {@link #parse} reads. */
    public String format() {
        return keyId + ":" + Ed25519.encode(publicKey);
    }
}
