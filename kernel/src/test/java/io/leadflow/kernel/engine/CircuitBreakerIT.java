package io.leadflow.kernel.engine;

import static io.leadflow.kernel.engine.EngineIT.edge;
import static io.leadflow.kernel.engine.EngineIT.node;
import static io.leadflow.kernel.engine.EngineIT.workflow;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.leadflow.kernel.testing.ApiClient;
import io.leadflow.kernel.testing.TestKernel;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A provider answering 500s opens its circuit: later executions fail fast to their error branch
 * without calling it; after the open period the circuit half-opens and closes on success.
 */
class CircuitBreakerIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aFailingProviderOpensTheCircuitThenItHalfOpensAndCloses() throws Exception {
        AtomicBoolean healthy = new AtomicBoolean(false);
        AtomicInteger calls = new AtomicInteger();
        HttpServer provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        provider.createContext("/", exchange -> {
            calls.incrementAndGet();
            exchange.sendResponseHeaders(healthy.get() ? 204 : 500, -1);
            exchange.close();
        });
        provider.start();
        try (TestKernel kernel = TestKernel.start(Map.of("LEADFLOW_CIRCUIT_OPEN_MILLIS", "1500"))) {
            EngineIT.installCore(kernel);
            ApiClient editor = kernel.userWithRole("circuit-editor", "editor");
            ObjectNode doc = workflow("Fragile provider");
            node(doc, "start", "Start", "core.manual", null);
            ObjectNode call = node(doc, "call", "Call", "core.http-request", JSON.createObjectNode()
                    .put("url", "http://127.0.0.1:" + provider.getAddress().getPort() + "/hook"));
            call.putObject("retry").put("maxAttempts", 1);
            node(doc, "fallback", "Fallback", "core.set", JSON.createObjectNode().set("mappings",
                    JSON.createObjectNode().put("why", "error.message")));
            edge(doc, "start", "main", "call", "main");
            edge(doc, "call", "error", "fallback", "main");
            String workflowId = editor.post("/api/v1/workflows", doc.toString()).json().get("workflow").get("id").asText();

            for (int i = 0; i < 5; i++) {
                JsonNode execution = runToEnd(editor, workflowId);
                assertThat(execution.get("status").asText()).isEqualTo("succeeded"); // via the error branch
            }
            assertThat(calls.get()).isEqualTo(5);
            JsonNode circuits = editor.get("/api/v1/circuits").json().get("items");
            assertThat(circuits).anySatisfy(circuit -> {
                assertThat(circuit.get("host").asText()).isEqualTo("127.0.0.1:" + provider.getAddress().getPort());
                assertThat(circuit.get("state").asText()).isEqualTo("open");
            });

            JsonNode fast = runToEnd(editor, workflowId);
            assertThat(calls.get()).as("an open circuit does not call the provider").isEqualTo(5);
            assertThat(EngineIT.nodeRunOf(fast, "fallback").get("output").get("main").get(0).get("why").asText())
                    .contains("circuit breaker");

            healthy.set(true);
            Thread.sleep(1600); // the open period ends: the next calls are trials
            for (int i = 0; i < 2; i++) {
                JsonNode recovered = runToEnd(editor, workflowId);
                assertThat(EngineIT.nodeRunOf(recovered, "call").get("status").asText()).isEqualTo("succeeded");
            }
            assertThat(editor.get("/api/v1/circuits").json().get("items").get(0).get("state").asText()).isEqualTo("closed");
        } finally {
            provider.stop(0);
        }
    }

    private static JsonNode runToEnd(ApiClient editor, String workflowId) throws InterruptedException {
        String executionId = editor.post("/api/v1/workflows/" + workflowId + "/executions", "{}").json()
                .get("executionId").asText();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        JsonNode execution = null;
        while (System.nanoTime() < deadline) {
            execution = editor.get("/api/v1/executions/" + executionId).json();
            String status = execution.get("status").asText();
            if (status.equals("succeeded") || status.equals("failed")) {
                return execution;
            }
            Thread.sleep(30);
        }
        throw new AssertionError("execution did not finish: " + execution);
    }
}
