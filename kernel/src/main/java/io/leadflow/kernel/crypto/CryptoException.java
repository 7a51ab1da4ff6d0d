package io.leadflow.kernel.crypto;

/** A ciphertext cannot be decrypted: wrong key, tampered data, or bound to something else. */
public final class CryptoException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CryptoException(String message) {
        super(message);
    }
}
