package io.leadflow.kernel.fault;

import static io.leadflow.kernel.fault.EmbeddedPostmasterKillIT.awaitAcknowledged;
import static io.leadflow.kernel.fault.EmbeddedPostmasterKillIT.awaitHealth;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.kernel.testing.ApiClient;
import io.leadflow.kernel.testing.ApiResponse;
import io.leadflow.kernel.testing.ExternalPostgres;
import io.leadflow.kernel.testing.FaultLoad;
import io.leadflow.kernel.testing.KernelProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An external PostgreSQL (the kernel reaches it by URL) crashes and later restarts cleanly, each
 * time for a few seconds, under a steady stream of webhooks: the kernel never hangs or answers
 * 500, says {@code down} while it is gone, and completes every execution it acknowledged, once.
 */
class ExternalPostgresRestartIT {
    @TempDir
    Path folder;

    @Test
    void everyAcknowledgedExecutionCompletesAcrossACrashAndARestartOfTheServer() throws Exception {
        try (ExternalPostgres postgres = ExternalPostgres.start(folder.resolve("pg"));
             KernelProcess kernel = KernelProcess.start(postgres.jdbcUrl(), folder.resolve("data"));
             FaultLoad load = FaultLoad.start(kernel.admin())) {
            ApiClient anonymous = new ApiClient(kernel.admin().base(), null);
            assertThat(anonymous.get("/api/v1/health").json().get("database").get("durability").get("durable")
                    .asBoolean()).isTrue();
            load.sendEvery(Duration.ofMillis(20));
            awaitAcknowledged(load, 50);

            long crashedAt = System.nanoTime();
            postgres.crash();
            ApiResponse down = awaitHealth(anonymous, 503, 10);
            assertThat(down.json().get("database").get("status").asText()).isEqualTo("down");
            // longer than the engine's 10 s lease: every heartbeat is stale when the server is back, and
            // the kernel must neither claim its own running executions back nor run a node twice
            Thread.sleep(11_000);
            postgres.startAgain();
            awaitHealth(anonymous, 200, 30);
            long crashOutage = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - crashedAt);
            int afterCrash = load.refusedSince(crashedAt).size();
            awaitAcknowledged(load, load.acknowledged().size() + 50);

            long stoppedAt = System.nanoTime();
            postgres.stop();
            awaitHealth(anonymous, 503, 10);
            Thread.sleep(2_000);
            postgres.startAgain();
            awaitHealth(anonymous, 200, 30);
            long restartOutage = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedAt);
            int afterRestart = load.refusedSince(stoppedAt).size();
            awaitAcknowledged(load, load.acknowledged().size() + 50);
            load.stopSending();

            assertThat(afterCrash).as("webhooks refused during the crash").isPositive();
            assertThat(afterRestart).as("webhooks refused during the restart").isPositive();
            load.assertAnswersWereAcceptedOrRetryLater(5_000);
            load.assertEveryAcknowledgedExecutionCompletedOnce(kernel.admin(), 60);
            System.out.println(load.summary("external PostgreSQL: kill -9, then a clean restart") + "; outages "
                    + crashOutage + " ms and " + restartOutage + " ms");
        }
    }
}
