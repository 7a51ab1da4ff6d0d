package io.leadflow.kernel.credential;

import java.time.Instant;
import java.util.UUID;

/** The credential table's row. */
final class CredentialRow {
    UUID id;
    String name;
    String typeId;
    String ciphertext;
    String publicFieldsJson;
    UUID createdBy;
    Instant createdAt;
    Instant updatedAt;
    String problem;
    Instant problemAt;
}
