package io.leadflow.kernel.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM encryption of small secrets. A ciphertext reads {@code v1:<keyId>:<base64(nonce +
 * ciphertext + tag)>}; the associated data binds it to what it belongs to (e.g. a credential id),
 * so a ciphertext copied onto another row does not decrypt.
 */
public final class SecretBox {
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** One cipher per thread, initialised afresh for every use: looking one up costs more than using it. */
    private static final ThreadLocal<Cipher> AES_GCM = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    });

    private final MasterKey key;

    public SecretBox(MasterKey key) {
        this.key = key;
    }

    public String keyId() {
        return key.id();
    }

    public String encrypt(String plaintext, String associatedData) {
        return seal(key.key(), key.id(), plaintext, associatedData);
    }

    /** Decrypts, or throws {@link CryptoException} if the key, the data or the binding is wrong. */
    public String decrypt(String ciphertext, String associatedData) {
        String keyId = keyIdOf(ciphertext);
        if (!keyId.equals(key.id())) {
            throw new CryptoException("encrypted with key " + keyId + ", but the master key is " + key.id());
        }
        return open(key.key(), ciphertext, associatedData);
    }

    /** The id of the key {@code ciphertext} was written with. */
    public static String keyIdOf(String ciphertext) {
        String[] parts = ciphertext.split(":", 3);
        if (parts.length != 3 || !"v1".equals(parts[0])) {
            throw new CryptoException("not a LeadFlow ciphertext");
        }
        return parts[1];
    }

    static String seal(SecretKey key, String keyId, String plaintext, String associatedData) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = AES_GCM.get();
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
            return "v1:" + keyId + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    static String open(SecretKey key, String ciphertext, String associatedData) {
        String[] parts = ciphertext.split(":", 3);
        try {
            byte[] in = Base64.getDecoder().decode(parts[2]);
            Cipher cipher = AES_GCM.get();
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            throw new CryptoException("the ciphertext does not decrypt with this key (tampered or wrong key)");
        }
    }
}
