package io.leadflow.kernel.workflow;

import java.time.Instant;
import java.util.UUID;

/** The workflow table's row. */
final class WorkflowRow {
    UUID id;
    String name;
    int latestVersion;
    Integer activeVersion;
    UUID createdBy;
    Instant createdAt;
    Instant updatedAt;
}
