package io.leadflow.kernel.auth;

import java.time.Instant;
import java.util.UUID;

/** A person who logs in to LeadFlow. The password hash never leaves the kernel. */
public record User(UUID id, String username, String displayName, Role role, boolean disabled,
                   Instant createdAt, Instant updatedAt) {
}
