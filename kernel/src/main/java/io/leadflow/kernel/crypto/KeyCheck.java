package io.leadflow.kernel.crypto;

import io.leadflow.kernel.boot.ConfigException;
import io.leadflow.kernel.store.Store;
import java.util.List;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

/**
 * Refuses to start with a master key other than the one the database's secrets were encrypted
 * with, instead of failing later on every decryption.
 */
public final class KeyCheck {
    private static final String KNOWN = "leadflow-master-key-check";
    private static final String CONTEXT = "key-check";

    private KeyCheck() {
    }

    /** The check's SQL. */
    interface KeyCheckMapper {
        @Select("SELECT ciphertext FROM crypto_key_check ORDER BY created_at")
        List<String> all();

        @Insert("INSERT INTO crypto_key_check (key_id, ciphertext) VALUES (#{keyId}, #{ciphertext}) ON CONFLICT DO NOTHING")
        void insert(@Param("keyId") String keyId, @Param("ciphertext") String ciphertext);
    }

    public static void verify(Store store, SecretBox box) {
        store.register(KeyCheckMapper.class);
        List<String> checks = store.inTransaction(KeyCheckMapper.class, KeyCheckMapper::all);
        if (checks.isEmpty()) {
            store.inTransaction(KeyCheckMapper.class, mapper -> {
                mapper.insert(box.keyId(), box.encrypt(KNOWN, CONTEXT));
                return null;
            });
            return;
        }
        for (String check : checks) {
            try {
                if (KNOWN.equals(box.decrypt(check, CONTEXT))) {
                    return;
                }
            } catch (CryptoException e) {
                // try the next recorded key
            }
        }
        throw new ConfigException("the master key (id " + box.keyId() + ") is not the key this database's secrets "
                + "were encrypted with; set LEADFLOW_MASTER_KEY to the original key");
    }
}
