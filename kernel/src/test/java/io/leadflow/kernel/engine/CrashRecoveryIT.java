package io.leadflow.kernel.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.leadflow.kernel.testing.ApiClient;
import io.leadflow.kernel.testing.ApiResponse;
import io.leadflow.kernel.testing.KernelProcess;
import io.leadflow.kernel.testing.OkProvider;
import io.leadflow.kernel.testing.TestPostgres;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the kernel process during a node run and during a wait: after a restart the execution
 * finishes, no completed node runs again, and only the interrupted node re-runs.
 */
class CrashRecoveryIT {
    @TempDir
    Path dataDir;

    @Test
    void executionsSurviveKillNineDuringANodeRunAndDuringAWait() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch firstCallArrived = new CountDownLatch(1);
        HttpServer provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        provider.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        provider.createContext("/", exchange -> {
            if (calls.incrementAndGet() == 1) {
                firstCallArrived.countDown();
                try {
                    Thread.sleep(30_000); // the kernel dies while this call is in flight
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            OkProvider.answer(exchange);
        });
        provider.start();
        KernelProcess kernel = KernelProcess.start(TestPostgres.newDatabase(), dataDir);
        try {
            ApiClient admin = kernel.admin();
            String document = """
                    {"name":"Crash me","nodes":[
                      {"id":"start","name":"Start","type":"core.manual"},
                      {"id":"prepare","name":"Prepare","type":"core.set","config":{"mappings":{"prepared":"true"}}},
                      {"id":"call","name":"Call","type":"core.http-request","config":{"url":"http://127.0.0.1:%d/x"}},
                      {"id":"pause","name":"Pause","type":"core.wait","config":{"mode":"duration","amount":12,"unit":"seconds"}},
                      {"id":"done","name":"Done","type":"core.set","config":{"mappings":{"done":"true"}}}],
                     "edges":[
                      {"from":{"node":"start","port":"main"},"to":{"node":"prepare","port":"main"}},
                      {"from":{"node":"prepare","port":"main"},"to":{"node":"call","port":"main"}},
                      {"from":{"node":"call","port":"main"},"to":{"node":"pause","port":"main"}},
                      {"from":{"node":"pause","port":"main"},"to":{"node":"done","port":"main"}}]}"""
                    .formatted(provider.getAddress().getPort());
            ApiResponse created = admin.post("/api/v1/workflows", document);
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            String workflowId = created.json().get("workflow").get("id").asText();
            String executionId = admin.post("/api/v1/workflows/" + workflowId + "/executions", "{}").json()
                    .get("executionId").asText();

            assertThat(firstCallArrived.await(30, TimeUnit.SECONDS)).isTrue();
            kernel.kill(); // kill -9 during the HTTP call
            kernel.restart();
            admin = kernel.admin();
            awaitStatus(admin, executionId, "waiting", 30);

            kernel.kill(); // kill -9 during the wait
            long restarted = System.nanoTime();
            kernel.restart();
            admin = kernel.admin();
            JsonNode execution = awaitStatus(admin, executionId, "succeeded", 30);
            System.out.printf("Resumed and finished %.1f s after the second restart%n",
                    (System.nanoTime() - restarted) / 1e9);

            List<String> succeeded = new ArrayList<>();
            execution.get("nodeRuns").forEach(run -> {
                if (!run.get("status").asText().equals("waiting")) {
                    succeeded.add(run.get("nodeId").asText() + ":" + run.get("status").asText());
                }
            });
            assertThat(succeeded).containsExactly("start:succeeded", "prepare:succeeded", "call:succeeded",
                    "pause:succeeded", "done:succeeded");
            assertThat(calls.get()).as("only the interrupted call ran again").isEqualTo(2);
            assertThat(EngineIT.nodeRunOf(execution, "done").get("output").get("main").get(0).get("done").asBoolean())
                    .isTrue();
            assertThat(EngineIT.nodeRunOf(execution, "call").get("input").get("main").get(0).get("prepared").asBoolean())
                    .as("the re-run call got the checkpointed input").isTrue();
        } finally {
            kernel.close();
            provider.stop(0);
        }
    }

    private static JsonNode awaitStatus(ApiClient client, String executionId, String status, int seconds)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = client.get("/api/v1/executions/" + executionId).json();
            if (status.equals(last.get("status").asText())) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("execution did not reach " + status + ": " + last);
    }
}
