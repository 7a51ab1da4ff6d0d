package io.leadflow.kernel.auth;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;

/**
 * Argon2id password hashes in PHC string form ({@code $argon2id$v=19$m=...}). Parameters follow
 * OWASP's minimum (19 MiB, 2 passes, 1 lane); a stored hash carries its own parameters, so they can
 * be raised later without invalidating existing passwords.
 */
public final class PasswordHasher {
    private static final Argon2Function ARGON2ID = Argon2Function.getInstance(19 * 1024, 2, 1, 32, Argon2.ID, 19);
    // verifying against this keeps "no such user" as slow as "wrong password"
    private static final String DECOY = ARGON2ID.hash("decoy-password-for-timing").getResult();

    public String hash(String password) {
        return Password.hash(password).addRandomSalt(16).with(ARGON2ID).getResult();
    }

    public boolean matches(String password, String hash) {
        if (hash == null) {
            Password.check(password, DECOY).with(ARGON2ID);
            return false;
        }
        return Password.check(password, hash).with(Argon2Function.getInstanceFromHash(hash));
    }
}
