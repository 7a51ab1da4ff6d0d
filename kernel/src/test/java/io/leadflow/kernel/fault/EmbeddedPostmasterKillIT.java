package io.leadflow.kernel.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.kernel.testing.ApiClient;
import io.leadflow.kernel.testing.ApiResponse;
import io.leadflow.kernel.testing.EmbeddedDatabaseFiles;
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
 * kill -9 of the embedded PostgreSQL's postmaster under a steady stream of webhooks: the kernel
 * (its own JVM, on the embedded database the README starts) answers 503 with Retry-After while
 * the database is gone, says {@code down} in health, starts the server again (crash recovery), and
 * every execution acknowledged before, during and after the fault completes, none twice.
 */
class EmbeddedPostmasterKillIT {
    @TempDir
    Path dataDir;

    @Test
    void everyAcknowledgedExecutionCompletesAfterThePostmasterIsKilled() throws Exception {
        try (KernelProcess kernel = KernelProcess.start(null, dataDir, List.of("-Xmx512m"),
                Map.of("LEADFLOW_DB_URL", ""));
             FaultLoad load = FaultLoad.start(kernel.admin())) {
            ApiClient anonymous = new ApiClient(kernel.admin().base(), null);
            load.sendEvery(Duration.ofMillis(20));
            awaitAcknowledged(load, 50);

            long postmaster = EmbeddedDatabaseFiles.postmasterPid(dataDir);
            long killedAt = System.nanoTime();
            assertThat(ProcessHandle.of(postmaster).orElseThrow().destroyForcibly()).isTrue();

            ApiResponse down = awaitHealth(anonymous, 503, 10);
            assertThat(down.json().get("status").asText()).isEqualTo("down");
            assertThat(down.json().get("database").get("status").asText()).isEqualTo("down");
            assertThat(down.headers().firstValue("Retry-After")).isPresent();
            awaitHealth(anonymous, 200, 60);
            long recoveredMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
            assertThat(EmbeddedDatabaseFiles.postmasterPid(dataDir)).as("a new postmaster").isNotEqualTo(postmaster);

            int before = load.acknowledged().size();
            awaitAcknowledged(load, before + 50);
            load.stopSending();

            assertThat(load.refusedSince(killedAt)).as("webhooks refused while the database was gone").isNotEmpty();
            load.assertAnswersWereAcceptedOrRetryLater(6_000);
            ApiClient admin = kernel.admin();
            load.assertEveryAcknowledgedExecutionCompletedOnce(admin, 60);
            assertThat(kernel.output()).contains("starting it again on port");
            System.out.println(load.summary("kill -9 of the embedded postmaster") + "; health said down, the kernel "
                    + "restarted the server, database back after " + recoveredMillis + " ms");
        }
    }

    static void awaitAcknowledged(FaultLoad load, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (load.acknowledged().size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(load.acknowledged().size()).as("webhooks acknowledged").isGreaterThanOrEqualTo(count);
    }

    static ApiResponse awaitHealth(ApiClient anonymous, int status, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ApiResponse last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = anonymous.get("/api/v1/health");
                if (last.status() == status) {
                    return last;
                }
            } catch (RuntimeException e) {
                // the answer may be slow or refused mid-fault; ask again
            }
            Thread.sleep(50);
        }
        throw new AssertionError("health did not answer " + status + " within " + seconds + " s: "
                + (last == null ? "no answer" : last.status() + " " + last.body()));
    }
}
