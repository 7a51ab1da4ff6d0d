package io.leadflow.kernel.engine;

import java.time.Instant;
import java.util.UUID;

/** One node run to do: its input items per port, attempt, idempotency key and due time. */
final class WorkItemRow {
    Long id;
    UUID executionId;
    String nodeId;
    String inputJson;
    int attempt;
    String idempotencyKey;
    String resumeJson;
    Instant dueAt;
}
