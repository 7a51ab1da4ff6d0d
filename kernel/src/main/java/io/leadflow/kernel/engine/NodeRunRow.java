package io.leadflow.kernel.engine;

import java.time.Instant;
import java.util.UUID;

/** A checkpointed node run. */
public final class NodeRunRow {
    public UUID id;
    public UUID executionId;
    public String nodeId;
    public int attempt;
    public String status;
    public String idempotencyKey;
    public String inputJson;
    public String outputJson;
    public String error;
    /** The failure's stable code, or null (since changelog 0055). */
    public String errorCode;
    /** The failure's details as JSON text, or null (since changelog 0055). */
    public String errorDetailsJson;
    /** The lines the node logged during this run as a JSON array, or null (since changelog 0056). */
    public String logsJson;
    /** Whether a test run replayed the node's pinned output instead of running it (since changelog 0059). */
    public boolean pinned;
    public Instant startedAt;
    public Instant finishedAt;
    /** Position among the execution's node runs, in the order they finished. */
    public int seq;
}
