package io.leadflow.kernel.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.leadflow.kernel.testing.ApiClient;
import io.leadflow.kernel.testing.ApiResponse;
import io.leadflow.kernel.testing.OkProvider;
import io.leadflow.kernel.testing.RawDatabase;
import io.leadflow.kernel.testing.TestKernel;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Regression: after a database outage longer than the engine's lease, the kernel's own heartbeat is
 * stale when the database is back; its claimer must not take back the executions it is still running
 * in memory (it did, and ran their current node a second time).
 */
class StaleHeartbeatIT {
    @Test
    void aKernelNeverClaimsBackTheExecutionItIsRunningWhenItsOwnHeartbeatIsStale() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch callArrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        HttpServer provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        provider.setExecutor(Executors.newCachedThreadPool());
        provider.createContext("/", exchange -> {
            calls.incrementAndGet();
            callArrived.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            OkProvider.answer(exchange);
        });
        provider.start();
        try (TestKernel kernel = TestKernel.start()) {
            EngineIT.installCore(kernel);
            ApiClient admin = kernel.admin();
            String document = """
                    {"name":"Held call","nodes":[
                      {"id":"start","name":"Start","type":"core.manual"},
                      {"id":"call","name":"Call","type":"core.http-request","config":{"url":"http://127.0.0.1:%d/x"}}],
                     "edges":[{"from":{"node":"start","port":"main"},"to":{"node":"call","port":"main"}}]}"""
                    .formatted(provider.getAddress().getPort());
            ApiResponse created = admin.post("/api/v1/workflows", document);
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            String workflowId = created.json().get("workflow").get("id").asText();
            String executionId = admin.post("/api/v1/workflows/" + workflowId + "/executions", "{}").json()
                    .get("executionId").asText();
            assertThat(callArrived.await(30, TimeUnit.SECONDS)).isTrue();

            // as after a long outage: every heartbeat stale, the claimer polling meanwhile (every second)
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
            while (System.nanoTime() < until) {
                RawDatabase.value(kernel, "UPDATE engine_worker SET heartbeat_at = now() - interval '1 hour' RETURNING id");
                Thread.sleep(50);
            }
            release.countDown();

            JsonNode execution = awaitFinished(admin, executionId);
            assertThat(execution.get("status").asText()).isEqualTo("succeeded");
            assertThat(calls.get()).as("provider calls for one execution").isEqualTo(1);
            int callRuns = 0;
            for (JsonNode run : execution.get("nodeRuns")) {
                callRuns += "call".equals(run.get("nodeId").asText()) ? 1 : 0;
            }
            assertThat(callRuns).as("node runs of the call").isEqualTo(1);
        } finally {
            provider.stop(0);
        }
    }

    private static JsonNode awaitFinished(ApiClient admin, String executionId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        JsonNode execution = null;
        while (System.nanoTime() < deadline) {
            execution = admin.get("/api/v1/executions/" + executionId).json();
            String status = execution.path("status").asText();
            if (!"running".equals(status) && !"waiting".equals(status)) {
                return execution;
            }
            Thread.sleep(100);
        }
        return execution;
    }
}
