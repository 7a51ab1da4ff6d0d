package io.leadflow.kernel.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What one execution commits at once: a new execution row or the owner's claim on an existing one,
 * the node runs finished since the last checkpoint, the work items they consumed and created, and
 * the execution's state afterwards. All of it commits together or none of it does.
 */
final class Checkpoint {
    final UUID executionId;
    /** The execution to insert, for the first checkpoint of a new execution; else null. */
    ExecutionRow newExecution;
    /** The owner that must still hold the execution for this checkpoint to apply. */
    final String owner;
    final List<NodeRunRow> nodeRuns = new ArrayList<>();
    final List<UUID> consumed = new ArrayList<>();
    final List<WorkItemRow> created = new ArrayList<>();
    /** Drops every work item of the execution (it failed). */
    boolean dropAllWork;
    String status = "running";
    String error;
    /** Gives the execution up: nothing runnable is left in memory; its due time comes from its work items. */
    boolean release;
    /** Completes with true once committed, false if the execution was no longer this owner's to write. */
    final CompletableFuture<Boolean> committed = new CompletableFuture<>();
    /** Times the database failed to take it (a passing failure: the writer tries again). */
    int writeAttempts;
    /** 0 queued, 1 taken by a writer, 2 abandoned by its caller before a writer took it. */
    private final AtomicInteger state = new AtomicInteger();

    Checkpoint(UUID executionId, String owner) {
        this.executionId = executionId;
        this.owner = owner;
    }

    /** A writer takes it; false if its caller abandoned it first. */
    boolean take() {
        return state.compareAndSet(0, 1) || state.get() == 1;
    }

    /** Its caller stops waiting; true if no writer took it (it will never be written). */
    boolean abandon() {
        return state.compareAndSet(0, 2);
    }

    boolean finished() {
        return "succeeded".equals(status) || "failed".equals(status) || "canceled".equals(status);
    }
}
