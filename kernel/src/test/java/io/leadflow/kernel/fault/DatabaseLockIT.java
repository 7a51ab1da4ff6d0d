package io.leadflow.kernel.fault;

import static io.leadflow.kernel.fault.EmbeddedPostmasterKillIT.awaitAcknowledged;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.kernel.testing.FaultLoad;
import io.leadflow.kernel.testing.KernelProcess;
import io.leadflow.kernel.testing.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database answers, but not the kernel: another session holds an exclusive lock on the
 * execution table for a few seconds, so every statement touching it waits until the kernel's
 * statement timeout cancels it, and meanwhile the (small) connection pool is full of waiting
 * connections. Webhooks answer 503 with Retry-After within the timeouts, never hang or 500, and
 * every execution acknowledged completes once the lock is gone.
 */
class DatabaseLockIT {
    private static final int STATEMENT_TIMEOUT_MS = 1_000;
    private static final int CONNECTION_TIMEOUT_MS = 2_000;

    @TempDir
    Path dataDir;

    @Test
    void aLockedTableAndAFullPoolAnswer503WithinTheTimeoutsAndLoseNothing() throws Exception {
        String url = TestPostgres.newDatabase();
        try (KernelProcess kernel = KernelProcess.start(url, dataDir, List.of("-Xmx512m"), Map.of(
                "LEADFLOW_DB_STATEMENT_TIMEOUT_MS", Integer.toString(STATEMENT_TIMEOUT_MS),
                "LEADFLOW_DB_CONNECTION_TIMEOUT_MS", Integer.toString(CONNECTION_TIMEOUT_MS),
                "LEADFLOW_DB_POOL_SIZE", "4"));
             FaultLoad load = FaultLoad.start(kernel.admin())) {
            load.sendEvery(Duration.ofMillis(20));
            awaitAcknowledged(load, 50);

            long lockedAt = System.nanoTime();
            try (Connection locker = DriverManager.getConnection(url, "postgres", null);
                 Statement statement = locker.createStatement()) {
                locker.setAutoCommit(false);
                statement.execute("LOCK TABLE execution IN ACCESS EXCLUSIVE MODE");
                Thread.sleep(4_000);
                locker.commit();
            }
            List<FaultLoad.Sent> duringLock = load.refusedSince(lockedAt);
            awaitAcknowledged(load, load.acknowledged().size() + 50);
            load.stopSending();

            assertThat(duringLock).as("webhooks refused while the table was locked").isNotEmpty();
            // a request may wait for a connection, then for its statement: both bounded
            load.assertAnswersWereAcceptedOrRetryLater(CONNECTION_TIMEOUT_MS + 2L * STATEMENT_TIMEOUT_MS + 1_000);
            load.assertEveryAcknowledgedExecutionCompletedOnce(kernel.admin(), 60);
            assertThat(kernel.output()).as("no error logged: a lock is a passing failure")
                    .doesNotContainPattern("(?m)^[0-9:.]+ ERROR ");
            System.out.println(load.summary("execution table locked for 4 s (statement timeout "
                    + STATEMENT_TIMEOUT_MS + " ms, pool of 4)"));
        }
    }
}
