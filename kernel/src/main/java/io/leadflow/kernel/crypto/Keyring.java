package io.leadflow.kernel.crypto;

import io.leadflow.kernel.store.Store;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;
import org.apache.ibatis.session.SqlSession;

/**
 * The data keys lead PII is encrypted with (AES-256-GCM, the {@code v1:<keyId>:...} format of
 * {@link SecretBox}): random keys kept in {@code crypto_data_key}, each wrapped by the master key
 * with its id as associated data, so a key row moved or swapped does not unwrap. The primary key
 * encrypts every new write; every key of the ring still decrypts what it wrote. Ciphertexts from
 * before the keyring carry the master key's id and are decrypted with it (after a master-key
 * rotation, with the old master key, which {@link MasterKeyRotation} keeps as a retired data key).
 *
 * <p>Rotation adds a new primary at once; the lead re-encryption moves older ciphertexts to it.
 * A kernel that meets a key id it does not know re-reads the ring (another kernel rotated), and
 * re-reads the primary in the background every {@value #REFRESH_SECONDS} s, so a rotation reaches every kernel of a
 * cluster within that time.
 */
public final class Keyring {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long REFRESH_SECONDS = 10;

    private final Store store;
    private final MasterKey master;
    private volatile State state;
    private final AtomicBoolean refreshing = new AtomicBoolean();

    private record State(String primaryId, Map<String, SecretKey> keys, Instant loadedAt) {
    }

    /** One key of the ring as the status shows it (never the key). */
    public record KeyInfo(String id, boolean primary, Instant createdAt) {
    }

    /** A stored, wrapped data key. */
    public static final class DataKeyRow {
        public String keyId;
        public String wrappedKey;
        public boolean isPrimary;
        public Instant createdAt;
    }

    /** SQL of the keyring. */
    interface KeyringMapper {
        @Select("SELECT key_id, wrapped_key, is_primary, created_at FROM crypto_data_key ORDER BY created_at")
        List<DataKeyRow> all();

        @Select("SELECT 1 FROM (SELECT pg_advisory_xact_lock(#{namespace})) AS locked")
        Integer lock(@Param("namespace") long namespace);

        @Update("UPDATE crypto_data_key SET is_primary = false WHERE is_primary")
        void demote();

        @Insert("INSERT INTO crypto_data_key (key_id, wrapped_key, is_primary) VALUES (#{keyId}, #{wrapped}, true)")
        void insertPrimary(@Param("keyId") String keyId, @Param("wrapped") String wrapped);

        @Insert("INSERT INTO crypto_data_key (key_id, wrapped_key, is_primary) VALUES (#{keyId}, #{wrapped}, false) "
                + "ON CONFLICT (key_id) DO NOTHING")
        void insertRetired(@Param("keyId") String keyId, @Param("wrapped") String wrapped);

        @Update("UPDATE crypto_data_key SET wrapped_key = #{wrapped} WHERE key_id = #{keyId}")
        void rewrap(@Param("keyId") String keyId, @Param("wrapped") String wrapped);
    }

    /** The advisory lock that keeps changes of the ring (and of the master key) one at a time. */
    static final long LOCK = 0x4b455953L; // "KEYS"

    private Keyring(Store store, MasterKey master) {
        this.store = store.register(KeyringMapper.class);
        this.master = master;
    }

    /** Loads the ring, creating its first data key if there is none yet. */
    public static Keyring open(Store store, MasterKey master) {
        Keyring ring = new Keyring(store, master);
        ring.reload();
        if (ring.state.primaryId() == null) {
            ring.rotate();
        }
        return ring;
    }

    /** Adds a new random primary key (the old ones stay for decryption) and returns its id. */
    public String rotate() {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        byte[] idBytes = new byte[4];
        RANDOM.nextBytes(idBytes);
        String id = "d" + HexFormat.of().formatHex(idBytes);
        String wrapped = wrap(raw, id, new SecretBox(master));
        store.inTransaction(KeyringMapper.class, mapper -> {
            mapper.lock(LOCK); // two rotations at once still leave one primary
            mapper.demote();
            mapper.insertPrimary(id, wrapped);
            return null;
        });
        reload();
        return id;
    }

    /** Encrypts with the primary key, binding the ciphertext to {@code associatedData}. */
    public String encrypt(String plaintext, String associatedData) {
        State current = current();
        return SecretBox.seal(current.keys().get(current.primaryId()), current.primaryId(), plaintext, associatedData);
    }

    /** Decrypts with whichever key of the ring wrote {@code ciphertext}. */
    public String decrypt(String ciphertext, String associatedData) {
        String keyId = SecretBox.keyIdOf(ciphertext);
        SecretKey key = state.keys().get(keyId);
        if (key == null) {
            reload();
            key = state.keys().get(keyId);
            if (key == null) {
                throw new CryptoException("encrypted with key " + keyId + ", which is not in the keyring");
            }
        }
        return SecretBox.open(key, ciphertext, associatedData);
    }

    /** Whether {@code ciphertext} was written with the current primary key. */
    public boolean isPrimary(String ciphertext) {
        return SecretBox.keyIdOf(ciphertext).equals(current().primaryId());
    }

    public String primaryKeyId() {
        return current().primaryId();
    }

    public List<KeyInfo> keys() {
        return store.inTransaction(KeyringMapper.class, KeyringMapper::all).stream()
                .map(row -> new KeyInfo(row.keyId, row.isPrimary, row.createdAt)).toList();
    }

    /** Re-reads the ring from the database. */
    public synchronized void reload() {
        List<DataKeyRow> rows = store.inTransaction(KeyringMapper.class, KeyringMapper::all);
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        keys.put(master.id(), master.key()); // ciphertexts from before the keyring
        String primary = null;
        SecretBox unwrap = new SecretBox(master);
        for (DataKeyRow row : rows) {
            byte[] raw = Base64.getDecoder().decode(unwrap.decrypt(row.wrappedKey, wrapContext(row.keyId)));
            keys.put(row.keyId, new SecretKeySpec(raw, "AES"));
            if (row.isPrimary) {
                primary = row.keyId;
            }
        }
        state = new State(primary, Map.copyOf(keys), Instant.now());
    }

    /**
     * The ring as last loaded; when it is older than the refresh interval, one background re-read
     * is started (never inline: the caller may hold the pool's last connection).
     */
    private State current() {
        State current = state;
        if (current.loadedAt().plusSeconds(REFRESH_SECONDS).isBefore(Instant.now())
                && refreshing.compareAndSet(false, true)) {
            CompletableFuture.runAsync(() -> {
                try {
                    reload();
                } finally {
                    refreshing.set(false);
                }
            });
        }
        return current;
    }

    /**
     * Re-wraps every data key from {@code previous} to {@code current}, in the caller's transaction,
     * and keeps {@code previous} itself as a retired data key: lead ciphertexts from before the
     * keyring name it, and must still decrypt until a data-key rotation moves them. Returns how
     * many keys were re-wrapped.
     */
    static int rewrap(SqlSession session, MasterKey previous, MasterKey current) {
        KeyringMapper mapper = session.getMapper(KeyringMapper.class);
        SecretBox from = new SecretBox(previous);
        SecretBox to = new SecretBox(current);
        int rewrapped = 0;
        for (DataKeyRow row : mapper.all()) {
            String raw = from.decrypt(row.wrappedKey, wrapContext(row.keyId));
            mapper.rewrap(row.keyId, to.encrypt(raw, wrapContext(row.keyId)));
            rewrapped++;
        }
        byte[] retired = previous.key().getEncoded();
        try {
            mapper.insertRetired(previous.id(), wrap(retired, previous.id(), to));
        } finally {
            Arrays.fill(retired, (byte) 0);
        }
        return rewrapped;
    }

    private static String wrap(byte[] raw, String keyId, SecretBox box) {
        return box.encrypt(Base64.getEncoder().encodeToString(raw), wrapContext(keyId));
    }

    private static String wrapContext(String keyId) {
        return "data-key:" + keyId;
    }

    @Override
    public String toString() {
        return "Keyring[primary " + state.primaryId() + "]"; // never a key
    }
}
