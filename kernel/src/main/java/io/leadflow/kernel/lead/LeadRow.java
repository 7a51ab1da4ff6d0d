package io.leadflow.kernel.lead;

import java.time.Instant;
import java.util.UUID;

/** The lead table's row as MyBatis reads and writes it: ciphertexts, and the plain columns. */
final class LeadRow {
    UUID id;
    String firstNameCt;
    String lastNameCt;
    String companyCt;
    String emailsCt;
    String phonesCt;
    String customFieldsCt;
    String consentJson;
    String source;
    String status;
    String tagsJson;
    UUID ownerId;
    Instant createdAt;
    Instant updatedAt;
}
