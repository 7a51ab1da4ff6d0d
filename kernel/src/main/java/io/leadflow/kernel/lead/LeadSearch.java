package io.leadflow.kernel.lead;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The parameters of one lead search as the mapper binds them: tokens and plain filters only. */
final class LeadSearch {
    byte[] emailToken;
    byte[] phoneToken;
    List<Long> words = List.of();
    List<String> tags = List.of();
    String status;
    String source;
    UUID owner;
    Instant createdAfter;
    Instant createdBefore;
    Instant afterCreatedAt;
    UUID afterId;
    int limit;
}
