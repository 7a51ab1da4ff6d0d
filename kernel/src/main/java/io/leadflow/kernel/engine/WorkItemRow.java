package io.leadflow.kernel.engine;

import io.leadflow.api.node.Item;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One node run to do: its input items per port, attempt, idempotency key and due time; or a parked
 * one (a wait until a time, a retry later, a wait for an event) to resume with {@code resumeJson}.
 */
final class WorkItemRow {
    UUID id;
    UUID executionId;
    String nodeId;
    String inputJson;
    /** The input as items, while in memory; {@link #inputJson} is its stored form. */
    Map<String, List<Item>> input;
    int attempt;
    String idempotencyKey;
    String resumeJson;
    Instant dueAt;
    String waitEvent;
    String waitKey;
    String eventJson;
    String receivedPort;
    String timeoutPort;
    /** Whether this run replays the node's pinned output (a test run), in memory only. */
    boolean pinned;
    /** Whether the row is in the database (else it lives only in the owner's memory so far). */
    boolean stored;

}
