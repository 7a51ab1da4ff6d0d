package io.leadflow.kernel.auth;

import java.time.Instant;
import java.util.UUID;

/** The token table's row, joined with its user, as MyBatis reads it. */
final class TokenRow {
    UUID id;
    UUID userId;
    String kind;
    String name;
    byte[] secretHash;
    String hint;
    String role;
    Instant createdAt;
    Instant expiresAt;
    Instant revokedAt;
    String username;
    String userRole;

    ApiToken toToken() {
        return new ApiToken(id, userId, username, kind, name, hint, role == null ? null : Role.parse(role),
                createdAt, expiresAt, revokedAt);
    }

    /** The role the token grants: its own if narrower, never more than its user's current role. */
    Role effectiveRole() {
        Role ofUser = Role.parse(userRole);
        return role == null ? ofUser : ofUser.atMost(Role.parse(role));
    }
}
