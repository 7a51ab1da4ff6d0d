package io.leadflow.kernel.auth;

import io.leadflow.kernel.audit.Actor;
import java.security.SecureRandom;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On the first start (no users yet) creates {@code admin} with the configured password, or with a
 * generated one printed once to the console. Two kernels starting together create it once.
 */
public final class AdminBootstrap {
    private static final Logger LOG = LoggerFactory.getLogger(AdminBootstrap.class);
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    public static final String ADMIN_USERNAME = "admin";

    private AdminBootstrap() {
    }

    public static void ensureAdmin(UserService users, Optional<String> configuredPassword) {
        if (users.count() > 0) {
            return;
        }
        String password = configuredPassword.orElseGet(AdminBootstrap::generatePassword);
        boolean created = users.create(Actor.system(), ADMIN_USERNAME, "Administrator", Role.ADMIN, password)
                .isPresent();
        if (!created) {
            return;
        }
        if (configuredPassword.isPresent()) {
            LOG.info("Created user '{}' with the password from LEADFLOW_ADMIN_PASSWORD", ADMIN_USERNAME);
        } else {
            // printed once, on purpose: it is never stored in plain text and never shown again
            System.out.println();
            System.out.println("  LeadFlow created the first user.");
            System.out.println("    username: " + ADMIN_USERNAME);
            System.out.println("    password: " + password);
            System.out.println("  Change it after logging in; it is not shown again.");
            System.out.println();
            LOG.warn("Created user '{}' with a generated password (printed above, once)", ADMIN_USERNAME);
        }
    }

    private static String generatePassword() {
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder(20);
        for (int i = 0; i < 20; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }
}
