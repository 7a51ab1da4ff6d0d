package io.leadflow.kernel.auth;

import java.time.Instant;
import java.util.UUID;

/**
 * A bearer token as listed to its owner: never the secret, only a hint of its first characters.
 * {@code kind} is {@code session} for a login, {@code api} for a named token.
 */
public record ApiToken(UUID id, UUID userId, String username, String kind, String name, String hint,
                       Role role, Instant createdAt, Instant expiresAt, Instant revokedAt) {
}
