package io.leadflow.marketplace;

import java.time.Instant;

/**
 * An index-signing key as listed in {@code keys.json}.
 *
 * @param keyId the name an {@code index.json.sig} refers to it by
 * @param alg always {@code Ed25519}
 * @param publicKey the X.509 SubjectPublicKeyInfo encoding, base64
 * @param notBefore the first instant it may sign at
 * @param notAfter the last instant it may sign at
 * @param revoked whether it was withdrawn (a leaked key): nothing it signed is trusted any more
 */
public record PublishedKey(String keyId, String alg, String publicKey, Instant notBefore, Instant notAfter,
                           boolean revoked) {
    /** Whether the instant lies inside the key's validity window, both ends included. */
    public boolean validAt(Instant instant) {
        return !instant.isBefore(notBefore) && !instant.isAfter(notAfter);
    }

    /** The same key, withdrawn. */
    public PublishedKey revoke() {
        return new PublishedKey(keyId, alg, publicKey, notBefore, notAfter, true);
    }
}
