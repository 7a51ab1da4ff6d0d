package io.leadflow.marketplace;

/**
 * The content of a {@code .sig} file: an Ed25519 signature over the exact bytes of the file it sits beside.
 *
 * @param keyId the signing key's id (a root key for {@code keys.json}, a listed key for {@code index.json})
 * @param alg always {@code Ed25519}
 * @param sig the 64-byte signature, base64
 */
public record DetachedSignature(String keyId, String alg, String sig) {
    /** The only algorithm of format version 1. */
    public static final String ED25519 = "Ed25519";
}
