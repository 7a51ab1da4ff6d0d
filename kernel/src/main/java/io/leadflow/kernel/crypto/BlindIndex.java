package io.leadflow.kernel.crypto;

import io.leadflow.kernel.store.Store;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;
import org.apache.ibatis.session.SqlSession;

/**
 * Keyed search tokens ("blind indexes"): HMAC-SHA256 of a normalised value, so equal values can
 * be found in the database without the database ever holding them. Each token also covers a kind
 * ({@code email}, {@code phone}, ...), so the same text yields unrelated tokens in different kinds.
 *
 * <p>The HMAC key is kept in {@code crypto_index_key}, wrapped by the master key. A database gets
 * it on its first start with this table: derived from the master key ({@code HMAC(masterKey,
 * "leadflow-blind-index-v1")}, never the master key itself), which is how the tokens from before
 * the table were made, so they stay valid. A new master key re-wraps it ({@link MasterKeyRotation}):
 * no token is ever recomputed.
 */
public final class BlindIndex {
    private static final String ALGORITHM = "HmacSHA256";
    private static final byte[] DERIVATION_LABEL = "leadflow-blind-index-v1".getBytes(StandardCharsets.UTF_8);
    private static final String WRAP_CONTEXT = "index-key";

    /** The wrapped key's SQL. */
    interface IndexKeyMapper {
        @Select("SELECT wrapped_key FROM crypto_index_key WHERE id = 1")
        String wrapped();

        @Insert("INSERT INTO crypto_index_key (id, wrapped_key) VALUES (1, #{wrapped}) ON CONFLICT DO NOTHING")
        void insert(@Param("wrapped") String wrapped);

        @Update("UPDATE crypto_index_key SET wrapped_key = #{wrapped} WHERE id = 1")
        void update(@Param("wrapped") String wrapped);
    }

    /** One keyed MAC per thread: looking one up and keying it costs more than a token. */
    private final ThreadLocal<Mac> macs;

    private BlindIndex(byte[] derived) {
        SecretKeySpec key = new SecretKeySpec(derived, ALGORITHM);
        this.macs = ThreadLocal.withInitial(() -> mac(key));
    }

    /** The blind index of this database, its key unwrapped with {@code master} (stored first if it has none). */
    public static BlindIndex open(Store store, MasterKey master) {
        SecretBox box = new SecretBox(master);
        String wrapped = store.register(IndexKeyMapper.class).inTransaction(IndexKeyMapper.class, mapper -> {
            if (mapper.wrapped() == null) {
                mapper.insert(wrap(derive(master), box)); // another kernel's insert at the same moment wins
            }
            return mapper.wrapped();
        });
        return new BlindIndex(Base64.getDecoder().decode(box.decrypt(wrapped, WRAP_CONTEXT)));
    }

    /**
     * Re-wraps the stored key from {@code previous} to {@code current}, in the caller's transaction;
     * a database without one yet gets the key its tokens were made with, derived from {@code previous}.
     */
    static void rewrap(SqlSession session, MasterKey previous, MasterKey current) {
        IndexKeyMapper mapper = session.getMapper(IndexKeyMapper.class);
        String stored = mapper.wrapped();
        byte[] key = stored == null ? derive(previous)
                : Base64.getDecoder().decode(new SecretBox(previous).decrypt(stored, WRAP_CONTEXT));
        String wrapped = wrap(key, new SecretBox(current));
        if (stored == null) {
            mapper.insert(wrapped);
        } else {
            mapper.update(wrapped);
        }
    }

    private static byte[] derive(MasterKey master) {
        byte[] raw = master.key().getEncoded();
        try {
            return mac(new SecretKeySpec(raw, ALGORITHM)).doFinal(DERIVATION_LABEL);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    private static String wrap(byte[] key, SecretBox box) {
        return box.encrypt(Base64.getEncoder().encodeToString(key), WRAP_CONTEXT);
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
