package io.leadflow.kernel.engine;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import io.leadflow.kernel.store.DatabaseFailures;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit of checkpoints: each writer thread takes every checkpoint queued while the previous
 * transaction committed and writes them in one transaction of JDBC batches, so a thousand node
 * runs a second cost tens of commits, not thousands. A checkpoint whose execution is no longer its
 * owner's (canceled, taken over) is skipped, not written. If a batch fails, its checkpoints are
 * written one by one so one bad checkpoint fails alone.
 *
 * <p>A failure that passes (the database restarting or unreachable, a canceled statement, a full
 * disk: {@link DatabaseFailures}) never fails an execution that is already stored: its checkpoint
 * is queued again with a backoff until the database takes it, and the run waits meanwhile. The
 * first checkpoint of a new execution is not retried: its caller is answered 503 and nothing was
 * acknowledged. A checkpoint written again after a commit whose answer was lost applies at most
 * once (inserts skip rows that exist; a fence that no longer matches is checked against what is
 * stored).
 */
final class CheckpointWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointWriter.class);
    private static final int MAX_BATCH = 256;
    private static final long RETRY_FIRST_MILLIS = 100;
    private static final long RETRY_MAX_MILLIS = 2_000;

    private static final String FENCE = """
            UPDATE execution SET status = ?, error = ?, owner = ?,
                   finished_at = CASE WHEN ? THEN now() END,
                   due_at = CASE WHEN ? THEN NULL ELSE due_at END
            WHERE id = ? AND owner = ? AND status IN ('running', 'waiting')""";
    private static final String INSERT_EXECUTION = """
            INSERT INTO execution (id, workflow_id, workflow_version, status, mode, trigger_node, error, owner,
                                   finished_at, due_at, run_until)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, CASE WHEN ? THEN now() END, CASE WHEN ? THEN NULL ELSE now() END, ?)""";
    private static final String DELETE_ITEM = "DELETE FROM work_item WHERE id = ?";
    private static final String DELETE_ALL_ITEMS = "DELETE FROM work_item WHERE execution_id = ?";
    private static final String INSERT_NODE_RUN = """
            INSERT INTO node_run (id, execution_id, node_id, attempt, status, idempotency_key, input, output, error,
                                  started_at, finished_at, seq, error_code, error_details, logs, pinned)
            VALUES (?, ?, ?, ?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb), ?, ?, ?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb), ?)""";
    private static final String INSERT_ITEM = """
            INSERT INTO work_item (id, execution_id, node_id, input, attempt, idempotency_key, resume, due_at,
                                   wait_event, wait_key, received_port, timeout_port)
            VALUES (?, ?, ?, CAST(? AS jsonb), ?, ?, CAST(? AS jsonb), ?, ?, ?, ?, ?)""";
    /** For a batch holding a checkpoint written before, whose commit may have happened. */
    private static final String INSERT_NODE_RUN_AGAIN = INSERT_NODE_RUN + " ON CONFLICT (id) DO NOTHING";
    private static final String INSERT_ITEM_AGAIN = INSERT_ITEM + " ON CONFLICT (id) DO NOTHING";
    private static final String STATUS_NOW = "SELECT status FROM execution WHERE id = ? AND owner IS NOT DISTINCT FROM ?";
    private static final String RELEASE = """
            UPDATE execution SET due_at = (SELECT min(w.due_at) FROM work_item w WHERE w.execution_id = execution.id)
            WHERE id = ?""";

    private final DataSource dataSource;
    private final BlockingQueue<Checkpoint> queue = new LinkedBlockingQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    /** Queues checkpoints again after a passing failure, without holding a writer thread meanwhile. */
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "engine-checkpoint-retries");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean running = true;

    CheckpointWriter(DataSource dataSource, int writers) {
        this.dataSource = dataSource;
        for (int i = 0; i < writers; i++) {
            Thread thread = new Thread(this::writeLoop, "engine-checkpoints-" + (i + 1));
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
    }

    /** Queues a checkpoint; its future completes once it is committed (true) or skipped (false). */
    void submit(Checkpoint checkpoint) {
        if (!running) {
            checkpoint.committed.completeExceptionally(new IllegalStateException("the engine is stopping"));
            return;
        }
        queue.add(checkpoint);
    }

    private void writeLoop() {
        List<Checkpoint> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Checkpoint first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.clear();
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                // a caller that stopped waiting (and answered 503) must not find its execution stored later
                batch.removeIf(checkpoint -> {
                    if (checkpoint.take()) {
                        return false;
                    }
                    checkpoint.committed.complete(false);
                    return true;
                });
                if (!batch.isEmpty()) {
                    writeBatch(batch);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("Checkpoint writer failed", e);
            }
        }
    }

    private void writeBatch(List<Checkpoint> batch) {
        boolean[] applied;
        try {
            applied = write(batch);
        } catch (SQLException e) {
            if (batch.size() == 1 || DatabaseFailures.isTransient(e)) {
                batch.forEach(checkpoint -> notWritten(checkpoint, e));
                return;
            }
            LOG.debug("A batch of {} checkpoints failed ({}); writing them one by one", batch.size(), DatabaseFailures.describe(e));
            for (Checkpoint checkpoint : batch) {
                writeBatch(List.of(checkpoint));
            }
            return;
        } catch (RuntimeException e) {
            LOG.error("Writing {} checkpoints failed", batch.size(), e);
            batch.forEach(checkpoint -> checkpoint.committed.completeExceptionally(e));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).committed.complete(applied[i]);
        }
    }

    /** A checkpoint the database did not take: fails it, or for a stored execution, tries again later. */
    private void notWritten(Checkpoint checkpoint, SQLException error) {
        if (!DatabaseFailures.isTransient(error) || checkpoint.newExecution != null || !running) {
            checkpoint.committed.completeExceptionally(error);
            return;
        }
        int attempt = ++checkpoint.writeAttempts;
        if (attempt == 1) {
            // never the driver's message: a failed batch quotes its statements, node data (PII) included
            LOG.warn("Execution {}: progress not stored yet ({}, SQLState {}); trying again until the database takes it",
                    checkpoint.executionId, DatabaseFailures.describe(error), error.getSQLState());
        }
        long delay = Math.min(RETRY_MAX_MILLIS, RETRY_FIRST_MILLIS << Math.min(attempt - 1, 10));
        try {
            retries.schedule(() -> submit(checkpoint), delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            checkpoint.committed.completeExceptionally(error);
        }
    }

    /** Writes the batch in one transaction; returns which checkpoints applied. */
    private boolean[] write(List<Checkpoint> batch) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                boolean again = batch.stream().anyMatch(checkpoint -> checkpoint.writeAttempts > 0);
                boolean[] applied = fence(connection, batch);
                if (again) {
                    recognise(connection, batch, applied);
                }
                insertExecutions(connection, batch);
                deleteItems(connection, batch, applied);
                insertNodeRuns(connection, batch, applied, again ? INSERT_NODE_RUN_AGAIN : INSERT_NODE_RUN);
                insertItems(connection, batch, applied, again ? INSERT_ITEM_AGAIN : INSERT_ITEM);
                release(connection, batch, applied);
                connection.commit();
                return applied;
            } catch (SQLException | RuntimeException e) {
                try {
                    connection.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback); // a broken connection: the failure that broke it is the one to judge
                }
                throw e;
            }
        }
    }

    private static boolean[] fence(Connection connection, List<Checkpoint> batch) throws SQLException {
        boolean[] applied = new boolean[batch.size()];
        List<Integer> fenced = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(FENCE)) {
            for (int i = 0; i < batch.size(); i++) {
                Checkpoint checkpoint = batch.get(i);
                if (checkpoint.newExecution != null) {
                    applied[i] = true;
                    continue;
                }
                boolean finished = checkpoint.finished();
                statement.setString(1, checkpoint.status);
                statement.setString(2, checkpoint.error);
                statement.setString(3, checkpoint.release || finished ? null : checkpoint.owner);
                statement.setBoolean(4, finished);
                statement.setBoolean(5, finished);
                statement.setObject(6, checkpoint.executionId);
                statement.setString(7, checkpoint.owner);
                statement.addBatch();
                fenced.add(i);
            }
            if (!fenced.isEmpty()) {
                int[] counts = statement.executeBatch();
                for (int j = 0; j < counts.length; j++) {
                    applied[fenced.get(j)] = counts[j] > 0;
                }
            }
        }
        return applied;
    }

    /**
     * A checkpoint written again whose fence no longer matches may be one whose earlier commit went
     * through, its answer lost with the connection: it applied if the execution is in the state and
     * has the owner it set. (Had it not applied, the fence would match, unless the execution was
     * canceled or another kernel took it meanwhile; then it must not apply.)
     */
    private static void recognise(Connection connection, List<Checkpoint> batch, boolean[] applied)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(STATUS_NOW)) {
            for (int i = 0; i < batch.size(); i++) {
                Checkpoint checkpoint = batch.get(i);
                if (applied[i] || checkpoint.writeAttempts == 0 || checkpoint.newExecution != null) {
                    continue;
                }
                statement.setObject(1, checkpoint.executionId);
                statement.setString(2, checkpoint.release || checkpoint.finished() ? null : checkpoint.owner);
                try (var result = statement.executeQuery()) {
                    applied[i] = result.next() && checkpoint.status.equals(result.getString(1));
                }
            }
        }
    }

    private static void insertExecutions(Connection connection, List<Checkpoint> batch) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(INSERT_EXECUTION)) {
            int rows = 0;
            for (Checkpoint checkpoint : batch) {
                ExecutionRow row = checkpoint.newExecution;
                if (row == null) {
                    continue;
                }
                boolean finished = checkpoint.finished();
                statement.setObject(1, row.id);
                statement.setObject(2, row.workflowId);
                statement.setInt(3, row.workflowVersion);
                statement.setString(4, checkpoint.status);
                statement.setString(5, row.mode);
                statement.setString(6, row.triggerNode);
                statement.setString(7, checkpoint.error);
                statement.setString(8, checkpoint.release || finished ? null : checkpoint.owner);
                statement.setBoolean(9, finished);
                statement.setBoolean(10, finished);
                statement.setString(11, row.runUntil);
                statement.addBatch();
                rows++;
            }
            if (rows > 0) {
                statement.executeBatch();
            }
        }
    }

    private static void deleteItems(Connection connection, List<Checkpoint> batch, boolean[] applied)
            throws SQLException {
        try (PreparedStatement one = connection.prepareStatement(DELETE_ITEM);
             PreparedStatement all = connection.prepareStatement(DELETE_ALL_ITEMS)) {
            int ones = 0;
            int alls = 0;
            for (int i = 0; i < batch.size(); i++) {
                if (!applied[i]) {
                    continue;
                }
                Checkpoint checkpoint = batch.get(i);
                if (checkpoint.dropAllWork) {
                    all.setObject(1, checkpoint.executionId);
                    all.addBatch();
                    alls++;
                    continue;
                }
                for (var id : checkpoint.consumed) {
                    one.setObject(1, id);
                    one.addBatch();
                    ones++;
                }
            }
            if (ones > 0) {
                one.executeBatch();
            }
            if (alls > 0) {
                all.executeBatch();
            }
        }
    }

    private static void insertNodeRuns(Connection connection, List<Checkpoint> batch, boolean[] applied, String sql)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int rows = 0;
            for (int i = 0; i < batch.size(); i++) {
                if (!applied[i]) {
                    continue;
                }
                for (NodeRunRow run : batch.get(i).nodeRuns) {
                    statement.setObject(1, run.id);
                    statement.setObject(2, run.executionId);
                    statement.setString(3, run.nodeId);
                    statement.setInt(4, run.attempt);
                    statement.setString(5, run.status);
                    statement.setString(6, run.idempotencyKey);
                    statement.setString(7, run.inputJson);
                    statement.setString(8, run.outputJson);
                    statement.setString(9, run.error);
                    statement.setObject(10, timestamp(run.startedAt));
                    statement.setObject(11, timestamp(run.finishedAt));
                    statement.setInt(12, run.seq);
                    statement.setString(13, run.errorCode);
                    statement.setString(14, run.errorDetailsJson);
                    statement.setString(15, run.logsJson);
                    statement.setBoolean(16, run.pinned);
                    statement.addBatch();
                    rows++;
                }
            }
            if (rows > 0) {
                statement.executeBatch();
            }
        }
    }

    private static void insertItems(Connection connection, List<Checkpoint> batch, boolean[] applied, String sql)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int rows = 0;
            for (int i = 0; i < batch.size(); i++) {
                if (!applied[i] || batch.get(i).dropAllWork) {
                    continue;
                }
                for (WorkItemRow item : batch.get(i).created) {
                    statement.setObject(1, item.id);
                    statement.setObject(2, item.executionId);
                    statement.setString(3, item.nodeId);
                    statement.setString(4, item.inputJson);
                    statement.setInt(5, item.attempt);
                    statement.setString(6, item.idempotencyKey);
                    statement.setString(7, item.resumeJson);
                    statement.setObject(8, timestamp(item.dueAt));
                    statement.setString(9, item.waitEvent);
                    statement.setString(10, item.waitKey);
                    statement.setString(11, item.receivedPort);
                    statement.setString(12, item.timeoutPort);
                    statement.addBatch();
                    rows++;
                }
            }
            if (rows > 0) {
                statement.executeBatch();
            }
        }
    }

    private static void release(Connection connection, List<Checkpoint> batch, boolean[] applied)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(RELEASE)) {
            int rows = 0;
            for (int i = 0; i < batch.size(); i++) {
                Checkpoint checkpoint = batch.get(i);
                if (applied[i] && checkpoint.release && !checkpoint.finished()) {
                    statement.setObject(1, checkpoint.executionId);
                    statement.addBatch();
                    rows++;
                }
            }
            if (rows > 0) {
                statement.executeBatch();
            }
        }
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** Writes what is queued (for up to a few seconds), then stops. */
    @Override
    public void close() {
        running = false;
        retries.shutdownNow();
        for (Thread thread : threads) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Checkpoint left;
        while ((left = queue.poll()) != null) {
            left.committed.completeExceptionally(new IllegalStateException("the engine stopped"));
        }
    }
}
