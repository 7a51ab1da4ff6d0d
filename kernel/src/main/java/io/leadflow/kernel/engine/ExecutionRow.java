package io.leadflow.kernel.engine;

import java.time.Instant;
import java.util.UUID;

/** The execution table's row. */
public final class ExecutionRow {
    public UUID id;
    public UUID workflowId;
    public int workflowVersion;
    public String status;
    public String mode;
    public String triggerNode;
    /** A test run's last node: only the nodes leading to it run, and nothing after it (since changelog 0059). */
    public String runUntil;
    public String error;
    public Instant startedAt;
    public Instant finishedAt;
}
