package io.leadflow.kernel.crypto;

import io.leadflow.kernel.boot.ConfigException;
import io.leadflow.kernel.store.Store;
import java.util.List;
import org.apache.ibatis.session.SqlSession;

/**
 * Moves everything the master key protects to a new master key: started when a kernel starts with
 * {@code LEADFLOW_PREVIOUS_MASTER_KEY} (the old key) next to {@code LEADFLOW_MASTER_KEY} (the new
 * one). In one transaction, under the keyring's lock: the data keys and the search-token key are
 * re-wrapped (no lead is re-encrypted, no token recomputed), the old master key joins the keyring
 * as a retired data key (ciphertexts from before the keyring name it), every other secret sealed
 * with the master key directly (credentials) is re-sealed, and the key check is replaced, so from
 * its commit on only the new key starts a kernel. A crash before the commit leaves the old key in
 * charge; a second kernel, or a restart with both keys still set, finds the work done. Kernels still
 * running with the old key can no longer read credentials or newly wrapped keys: stop them all first.
 *
 * <p>The data keys themselves stay: whoever kept the old master key and a copy of the database
 * can still unwrap them from that copy. After a suspected leak, also rotate the data keys
 * ({@code POST /api/v1/keys/rotate}), which re-encrypts every lead and message.
 */
public final class MasterKeyRotation {

    /** Secrets of another feature sealed with the master key, re-sealed in the rotation's transaction. */
    @FunctionalInterface
    public interface Resealer {
        /**
         * Re-seals every value from {@code previous} to {@code current}; returns how many.
         *
         * @throws CryptoException if a value does not decrypt with {@code previous}: the rotation is rolled back
         */
        int reseal(SqlSession session, SecretBox previous, SecretBox current);
    }

    /** What a rotation did, for the log and the audit. */
    public record Outcome(boolean rotated, int dataKeys, int resealed) {
    }

    private MasterKeyRotation() {
    }

    /**
     * Rotates from {@code previous} to {@code current}, or does nothing if {@code current} already
     * is the database's key.
     *
     * @throws ConfigException if neither key is the database's, or both are the same key
     */
    public static Outcome rotate(Store store, MasterKey previous, MasterKey current, List<Resealer> others) {
        if (previous.id().equals(current.id())) {
            throw new ConfigException("LEADFLOW_PREVIOUS_MASTER_KEY is the same key as LEADFLOW_MASTER_KEY; "
                    + "unset it, or set LEADFLOW_MASTER_KEY to the new key");
        }
        store.register(KeyCheck.KeyCheckMapper.class)
                .register(Keyring.KeyringMapper.class).register(BlindIndex.IndexKeyMapper.class);
        return store.inTransaction(session -> {
            session.getMapper(Keyring.KeyringMapper.class).lock(Keyring.LOCK);
            if (!KeyCheck.recorded(session) || KeyCheck.matches(session, current)) {
                // a new database, or done before: by another kernel, or before a restart
                return new Outcome(false, 0, 0);
            }
            if (!KeyCheck.matches(session, previous)) {
                throw new ConfigException("neither LEADFLOW_MASTER_KEY (id " + current.id()
                        + ") nor LEADFLOW_PREVIOUS_MASTER_KEY (id " + previous.id()
                        + ") is the key this database's secrets were encrypted with");
            }
            int dataKeys = Keyring.rewrap(session, previous, current);
            BlindIndex.rewrap(session, previous, current);
            SecretBox from = new SecretBox(previous);
            SecretBox to = new SecretBox(current);
            int resealed = 0;
            for (Resealer other : others) {
                resealed += other.reseal(session, from, to);
            }
            KeyCheck.replace(session, current);
            return new Outcome(true, dataKeys, resealed);
        });
    }
}
