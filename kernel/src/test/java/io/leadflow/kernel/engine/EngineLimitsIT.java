package io.leadflow.kernel.engine;

import static io.leadflow.kernel.engine.EngineIT.edge;
import static io.leadflow.kernel.engine.EngineIT.node;
import static io.leadflow.kernel.engine.EngineIT.workflow;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadflow.kernel.testing.ApiClient;
import io.leadflow.kernel.testing.ApiResponse;
import io.leadflow.kernel.testing.Executions;
import io.leadflow.kernel.testing.TestKernel;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Overload and size limits answer precisely instead of queueing or growing without bound. */
class EngineLimitsIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void webhooksOverTheInFlightLimitGet503AtOnce() throws Exception {
        try (TestKernel kernel = TestKernel.start(Map.of("LEADFLOW_MAX_WEBHOOKS_IN_FLIGHT", "1"))) {
            EngineIT.installCore(kernel);
            ApiClient admin = kernel.admin();
            ObjectNode doc = workflow("Slow answer");
            node(doc, "hook", "Hook", "core.webhook", JSON.createObjectNode().put("path", "slow"));
            node(doc, "pause", "Pause", "core.wait", JSON.createObjectNode().put("mode", "duration").put("amount", 2)
                    .put("unit", "seconds"));
            node(doc, "answer", "Answer", "core.respond", JSON.createObjectNode().put("statusCode", 200));
            edge(doc, "hook", "main", "pause", "main");
            edge(doc, "pause", "main", "answer", "main");
            String id = admin.post("/api/v1/workflows", doc.toString()).json().get("workflow").get("id").asText();
            assertThat(admin.post("/api/v1/workflows/" + id + "/activate", "").status()).isEqualTo(200);
            for (int i = 0; i < 3; i++) {
                // refused and unknown requests must give their permit back
                assertThat(post(kernel, "/hooks/unknown").status()).isEqualTo(404);
            }

            CompletableFuture<ApiResponse> held = CompletableFuture.supplyAsync(() -> post(kernel, "/hooks/slow"));
            awaitAnExecution(admin, id); // the first request holds its permit, waiting for its Respond node
            long start = System.nanoTime();
            ApiResponse refused = post(kernel, "/hooks/slow");
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.header("Retry-After")).isEqualTo("1");
            assertThat(refused.json().get("type").asText()).isEqualTo("urn:leadflow:problem:overloaded");
            System.out.printf("Overloaded webhook refused in %d ms%n", millis);

            assertThat(held.get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
            assertThat(post(kernel, "/hooks/unknown").status()).as("the permit came back").isEqualTo(404);
        }
    }

    private static void awaitAnExecution(ApiClient admin, String workflowId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (admin.get("/api/v1/executions?workflowId=" + workflowId).json().get("items").isEmpty()) {
            assertThat(System.nanoTime()).as("an execution of the held webhook started").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void aNodeOutputOverTheCapFailsTheNodeNotTheKernel() throws Exception {
        try (TestKernel kernel = TestKernel.start(Map.of("LEADFLOW_MAX_NODE_OUTPUT_BYTES", "2048"))) {
            EngineIT.installCore(kernel);
            ApiClient admin = kernel.admin();
            ObjectNode doc = workflow("Too big");
            node(doc, "start", "Start", "core.manual", null);
            node(doc, "grow", "Grow", "core.set", JSON.createObjectNode().set("mappings",
                    JSON.createObjectNode().put("blob", "$join([1..400].('xxxxxxxxxx'))")));
            edge(doc, "start", "main", "grow", "main");
            String id = admin.post("/api/v1/workflows", doc.toString()).json().get("workflow").get("id").asText();
            String executionId = admin.post("/api/v1/workflows/" + id + "/executions", "{}").json()
                    .get("executionId").asText();
            JsonNode execution = Executions.awaitStatus(admin, executionId, 20, "failed", "succeeded");
            assertThat(execution.get("status").asText()).isEqualTo("failed");
            assertThat(execution.get("error").asText()).contains("over the limit of 2048");
            assertThat(admin.get("/api/v1/health").status()).isEqualTo(200);
        }
    }

    private static ApiResponse post(TestKernel kernel, String path) {
        return kernel.anonymous().send("POST", path, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
    }
}
