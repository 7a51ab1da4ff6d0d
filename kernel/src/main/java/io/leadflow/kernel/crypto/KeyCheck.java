package io.leadflow.kernel.crypto;

import io.leadflow.kernel.boot.ConfigException;
import io.leadflow.kernel.store.Store;
import java.util.List;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.session.SqlSession;

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

        @Delete("DELETE FROM crypto_key_check")
        void deleteAll();
    }

    /** Whether the database has recorded its master key yet (not on its very first start). */
    static boolean recorded(SqlSession session) {
        return !session.getMapper(KeyCheckMapper.class).all().isEmpty();
    }

    /** Whether {@code key} is a master key this database's secrets are encrypted with. */
    static boolean matches(SqlSession session, MasterKey key) {
        SecretBox box = new SecretBox(key);
        for (String check : session.getMapper(KeyCheckMapper.class).all()) {
            try {
                if (KNOWN.equals(box.decrypt(check, CONTEXT))) {
                    return true;
                }
            } catch (CryptoException e) {
                // another key's check
            }
        }
        return false;
    }

    /** After a master-key rotation, in its transaction: only {@code current} passes the check. */
    static void replace(SqlSession session, MasterKey current) {
        KeyCheckMapper mapper = session.getMapper(KeyCheckMapper.class);
        mapper.deleteAll();
        SecretBox box = new SecretBox(current);
        mapper.insert(box.keyId(), box.encrypt(KNOWN, CONTEXT));
    }

    /** Refuses (a {@link ConfigException}) a key other than the database's; a new database records {@code key}. */
    public static void verify(Store store, MasterKey key) {
        boolean known = store.register(KeyCheckMapper.class).inTransaction(session -> {
            if (!recorded(session)) {
                SecretBox box = new SecretBox(key);
                session.getMapper(KeyCheckMapper.class).insert(box.keyId(), box.encrypt(KNOWN, CONTEXT));
                return true;
            }
            return matches(session, key);
        });
        if (known) {
            return;
        }
        throw new ConfigException("the master key (id " + key.id() + ") is not the key this database's secrets "
                + "were encrypted with; set LEADFLOW_MASTER_KEY to the original key (to change keys, set the "
                + "original as LEADFLOW_PREVIOUS_MASTER_KEY and the new one as LEADFLOW_MASTER_KEY)");
    }
}
