package io.leadflow.kernel.crypto;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed search tokens ("blind indexes"): HMAC-SHA256 of a normalised value, so equal values can
 * be found in the database without the database ever holding them. The HMAC key is derived from
 * the master key ({@code HMAC(masterKey, "leadflow-blind-index-v1")}) rather than being the master
 * key itself, so the encryption key is never used for a second purpose. Each token also covers a
 * kind ({@code email}, {@code phone}, ...), so the same text yields unrelated tokens in different
 * kinds.
 *
 * <p>Tokens depend on the master key: rotating it means recomputing every token (not done yet).
 */
public final class BlindIndex {
    private static final String ALGORITHM = "HmacSHA256";
    private static final byte[] DERIVATION_LABEL = "leadflow-blind-index-v1".getBytes(StandardCharsets.UTF_8);

    /** One keyed MAC per thread: looking one up and keying it costs more than a token. */
    private final ThreadLocal<Mac> macs;

    private BlindIndex(byte[] derived) {
        SecretKeySpec key = new SecretKeySpec(derived, ALGORITHM);
        this.macs = ThreadLocal.withInitial(() -> mac(key));
    }

    /** The blind index keyed from {@code master}. */
    public static BlindIndex of(MasterKey master) {
        byte[] raw = master.key().getEncoded();
        try {
            return new BlindIndex(mac(new SecretKeySpec(raw, ALGORITHM)).doFinal(DERIVATION_LABEL));
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /** The 32-byte token of {@code value} (already normalised by the caller) within {@code kind}. */
    public byte[] token(String kind, String value) {
        Mac mac = macs.get();
        mac.reset();
        mac.update(kind.getBytes(StandardCharsets.UTF_8));
        // a separator no kind contains, so ("ab", "c") and ("a", "bc") differ
        mac.update((byte) 0);
        return mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
    }

    private static Mac mac(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    @Override
    public String toString() {
        return "BlindIndex[v1]"; // never the key
    }
}
