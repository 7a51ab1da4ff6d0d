package io.leadflow.kernel.auth;

import java.time.Instant;
import java.util.UUID;

/** The user table's row as MyBatis reads and writes it. */
final class UserRow {
    UUID id;
    String username;
    String displayName;
    String role;
    String passwordHash;
    boolean disabled;
    Instant createdAt;
    Instant updatedAt;

    User toUser() {
        return new User(id, username, displayName, Role.parse(role), disabled, createdAt, updatedAt);
    }
}
