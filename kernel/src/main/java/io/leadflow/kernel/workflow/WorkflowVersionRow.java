package io.leadflow.kernel.workflow;

import java.time.Instant;
import java.util.UUID;

/** One saved version of a workflow. */
final class WorkflowVersionRow {
    UUID workflowId;
    int version;
    String documentJson;
    UUID createdBy;
    Instant createdAt;
}
