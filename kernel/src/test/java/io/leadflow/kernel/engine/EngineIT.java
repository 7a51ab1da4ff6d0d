package io.leadflow.kernel.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.leadflow.kernel.testing.ApiClient;
import io.leadflow.kernel.testing.ApiClientUpload;
import io.leadflow.kernel.testing.ApiResponse;
import io.leadflow.kernel.testing.TestKernel;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Workflows of the real core nodes run durably, live, with retries, error ports and waits. */
class EngineIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestKernel kernel;
    private static ApiClient editor;

    @BeforeAll
    static void start() throws Exception {
        kernel = TestKernel.start();
        installCore(kernel);
        editor = kernel.userWithRole("engine-editor", "editor");
    }

    @AfterAll
    static void stop() {
        if (kernel != null) {
            kernel.close();
        }
    }

    static void installCore(TestKernel target) throws Exception {
        ApiClient admin = target.admin();
        Path core;
        try (Stream<Path> files = Files.list(Path.of("target", "first-party-plugins"))) {
            core = files.filter(path -> path.getFileName().toString().contains("core-nodes")).findFirst().orElseThrow();
        }
        assertThat(ApiClientUpload.send(admin, "POST", "/api/v1/plugins", admin.token(), Files.readAllBytes(core))
                .status()).isEqualTo(201);
    }

    @Test
    void itemsFlowThroughSetAndIfAndEveryStepIsLiveAndCheckpointed() throws Exception {
        ObjectNode doc = workflow("Qualify");
        node(doc, "start", "Start", "core.manual", null);
        node(doc, "clean", "Clean", "core.set", JSON.createObjectNode().set("mappings",
                JSON.createObjectNode().put("email", "$lowercase(email)")));
        node(doc, "check", "Has email", "core.if", JSON.createObjectNode().put("condition", "$contains(email, '@')"));
        node(doc, "yes", "Accepted", "core.set", JSON.createObjectNode().set("mappings",
                JSON.createObjectNode().put("accepted", "true")));
        node(doc, "no", "Rejected", "core.set", JSON.createObjectNode().set("mappings",
                JSON.createObjectNode().put("accepted", "false")));
        edge(doc, "start", "main", "clean", "main");
        edge(doc, "clean", "main", "check", "main");
        edge(doc, "check", "true", "yes", "main");
        edge(doc, "check", "false", "no", "main");
        String workflowId = create(doc);
        Live live = Live.subscribe("workflow:" + workflowId);

        String executionId = run(workflowId, "{\"payload\":{\"email\":\"ADA@Example.COM\"}}");
        JsonNode execution = awaitStatus(executionId, "succeeded");
        assertThat(execution.get("workflowVersion").asInt()).isEqualTo(1);
        List<String> ran = new ArrayList<>();
        execution.get("nodeRuns").forEach(run -> ran.add(run.get("nodeId").asText() + ":" + run.get("status").asText()));
        assertThat(ran).containsExactly("start:succeeded", "clean:succeeded", "check:succeeded", "yes:succeeded");
        JsonNode accepted = nodeRun(execution, "yes");
        assertThat(accepted.get("output").get("main").get(0).get("email").asText()).isEqualTo("ada@example.com");
        assertThat(accepted.get("output").get("main").get(0).get("accepted").asBoolean()).isTrue();
        assertThat(accepted.get("idempotencyKey").asText()).startsWith(executionId + ":yes:");

        List<String> events = live.typesUntil("execution.finished", executionId);
        assertThat(events).contains("execution.started", "node.started", "node.finished", "execution.finished");
        assertThat(live.finishedNodes(executionId)).containsExactly("clean", "check", "yes");
    }

    @Test
    void retryableFailuresAreRetriedWithTheSameIdempotencyKeyThenSucceed() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        List<String> seenPaths = new CopyOnWriteArrayList<>();
        HttpServer provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        provider.createContext("/", exchange -> {
            seenPaths.add(exchange.getRequestURI().getPath());
            int status = calls.incrementAndGet() <= 2 ? 500 : 200;
            byte[] body = ("{\"call\":" + calls.get() + "}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        provider.start();
        try {
            ObjectNode doc = workflow("Flaky provider");
            node(doc, "start", "Start", "core.manual", null);
            ObjectNode call = node(doc, "call", "Call provider", "core.http-request", JSON.createObjectNode()
                    .put("url", "http://127.0.0.1:" + provider.getAddress().getPort() + "/leads/{{ $json.leadId }}"));
            call.putObject("retry").put("maxAttempts", 3).put("initialDelayMs", 50).put("maxDelayMs", 100);
            edge(doc, "start", "main", "call", "main");
            String executionId = run(create(doc), "{\"payload\":{\"leadId\":\"L-42\"}}");
            JsonNode execution = awaitStatus(executionId, "succeeded");
            List<JsonNode> attempts = new ArrayList<>();
            execution.get("nodeRuns").forEach(run -> {
                if (run.get("nodeId").asText().equals("call")) {
                    attempts.add(run);
                }
            });
            assertThat(attempts).extracting(run -> run.get("attempt").asInt() + ":" + run.get("status").asText())
                    .containsExactly("1:failed", "2:failed", "3:succeeded");
            assertThat(attempts.stream().map(run -> run.get("idempotencyKey").asText()).distinct()).hasSize(1);
            assertThat(seenPaths).containsOnly("/leads/L-42").hasSize(3);
            assertThat(attempts.get(2).get("output").get("main").get(0).get("body").get("call").asInt()).isEqualTo(3);
        } finally {
            provider.stop(0);
        }
    }

    @Test
    void aPermanentFailureGoesToTheErrorPortOrFailsTheExecution() throws Exception {
        HttpServer provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        provider.createContext("/", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        provider.start();
        try {
            String url = "http://127.0.0.1:" + provider.getAddress().getPort() + "/missing";
            ObjectNode handled = workflow("Handled failure");
            node(handled, "start", "Start", "core.manual", null);
            node(handled, "call", "Call", "core.http-request", JSON.createObjectNode().put("url", url));
            node(handled, "log", "Note failure", "core.set", JSON.createObjectNode().set("mappings",
                    JSON.createObjectNode().put("failed", "error.message")));
            edge(handled, "start", "main", "call", "main");
            edge(handled, "call", "error", "log", "main");
            JsonNode execution = awaitStatus(run(create(handled), "{}"), "succeeded");
            assertThat(nodeRun(execution, "call").get("status").asText()).isEqualTo("failed");
            assertThat(nodeRun(execution, "log").get("output").get("main").get(0).get("failed").asText()).contains("404");

            ObjectNode unhandled = workflow("Unhandled failure");
            node(unhandled, "start", "Start", "core.manual", null);
            node(unhandled, "call", "Call", "core.http-request", JSON.createObjectNode().put("url", url));
            node(unhandled, "never", "Never", "core.set", JSON.createObjectNode().set("mappings",
                    JSON.createObjectNode().put("x", "1")));
            edge(unhandled, "start", "main", "call", "main");
            edge(unhandled, "call", "main", "never", "main");
            JsonNode failed = awaitStatus(run(create(unhandled), "{}"), "failed");
            assertThat(failed.get("error").asText()).contains("Call").contains("404");
            assertThat(failed.get("nodeRuns")).noneSatisfy(run -> assertThat(run.get("nodeId").asText()).isEqualTo("never"));
        } finally {
            provider.stop(0);
        }
    }

    @Test
    void aWaitIsARowNotAThreadAndResumesAfterARestart() throws Exception {
        ObjectNode doc = workflow("Wait then go");
        node(doc, "start", "Start", "core.manual", null);
        node(doc, "pause", "Pause", "core.wait", JSON.createObjectNode().put("mode", "duration").put("amount", 3)
                .put("unit", "seconds"));
        node(doc, "after", "After", "core.set", JSON.createObjectNode().set("mappings",
                JSON.createObjectNode().put("resumed", "true")));
        edge(doc, "start", "main", "pause", "main");
        edge(doc, "pause", "main", "after", "main");
        String executionId = run(create(doc), "{\"payload\":{\"lead\":7}}");
        awaitStatus(executionId, "waiting");

        kernel = kernel.restart();
        editor = kernel.login("engine-editor", "password-of-engine-editor");
        JsonNode execution = awaitStatus(executionId, "succeeded");
        JsonNode after = nodeRun(execution, "after");
        assertThat(after.get("output").get("main").get(0).get("lead").asInt()).isEqualTo(7);
        assertThat(after.get("output").get("main").get(0).get("resumed").asBoolean()).isTrue();
        assertThat(nodeRun(execution, "pause").get("status").asText()).isIn("waiting", "succeeded");
    }

    @Test
    void aFailedExecutionIsRetriedFromItsFailedNodeAndAWaitingOneCanBeCanceled() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean healthy = new java.util.concurrent.atomic.AtomicBoolean(false);
        HttpServer provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        provider.createContext("/", exchange -> {
            exchange.sendResponseHeaders(healthy.get() ? 204 : 400, -1);
            exchange.close();
        });
        provider.start();
        try {
            ObjectNode doc = workflow("Retry me");
            node(doc, "start", "Start", "core.manual", null);
            node(doc, "prepare", "Prepare", "core.set", JSON.createObjectNode().set("mappings",
                    JSON.createObjectNode().put("prepared", "true")));
            node(doc, "call", "Call", "core.http-request", JSON.createObjectNode()
                    .put("url", "http://127.0.0.1:" + provider.getAddress().getPort() + "/x"));
            edge(doc, "start", "main", "prepare", "main");
            edge(doc, "prepare", "main", "call", "main");
            String executionId = run(create(doc), "{\"payload\":{\"n\":1}}");
            awaitStatus(executionId, "failed");

            healthy.set(true);
            ApiResponse retried = editor.post("/api/v1/executions/" + executionId + "/retry", "");
            assertThat(retried.status()).as(retried.body()).isEqualTo(200);
            JsonNode execution = awaitStatus(executionId, "succeeded");
            List<String> ran = new ArrayList<>();
            execution.get("nodeRuns").forEach(run -> ran.add(run.get("nodeId").asText() + ":" + run.get("status").asText()));
            assertThat(ran).containsExactly("start:succeeded", "prepare:succeeded", "call:failed", "call:succeeded");
            assertThat(nodeRun(execution, "call").get("input").get("main").get(0).get("prepared").asBoolean()).isTrue();
            assertThat(editor.post("/api/v1/executions/" + executionId + "/retry", "").status()).isEqualTo(409);
        } finally {
            provider.stop(0);
        }

        ObjectNode waiting = workflow("Cancel me");
        node(waiting, "start", "Start", "core.manual", null);
        node(waiting, "pause", "Pause", "core.wait", JSON.createObjectNode().put("mode", "duration").put("amount", 1)
                .put("unit", "seconds"));
        node(waiting, "after", "After", "core.set", JSON.createObjectNode().set("mappings",
                JSON.createObjectNode().put("x", "1")));
        edge(waiting, "start", "main", "pause", "main");
        edge(waiting, "pause", "main", "after", "main");
        String waitingId = run(create(waiting), "{}");
        awaitStatus(waitingId, "waiting");
        assertThat(editor.post("/api/v1/executions/" + waitingId + "/cancel", "").json().get("status").asText())
                .isEqualTo("canceled");
        Thread.sleep(1500); // past the wait: nothing may run any more
        JsonNode canceled = editor.get("/api/v1/executions/" + waitingId).json();
        assertThat(canceled.get("status").asText()).isEqualTo("canceled");
        assertThat(canceled.get("nodeRuns")).noneSatisfy(run -> assertThat(run.get("nodeId").asText()).isEqualTo("after"));
        assertThat(editor.post("/api/v1/executions/" + waitingId + "/cancel", "").status()).isEqualTo(409);
    }

    // -- helpers -------------------------------------------------------------------------------

    static ObjectNode workflow(String name) {
        ObjectNode doc = JSON.createObjectNode().put("name", name);
        doc.putArray("nodes");
        doc.putArray("edges");
        return doc;
    }

    static ObjectNode node(ObjectNode doc, String id, String name, String type, ObjectNode config) {
        ObjectNode node = ((ArrayNode) doc.get("nodes")).addObject().put("id", id).put("name", name).put("type", type);
        if (config != null) {
            node.set("config", config);
        }
        return node;
    }

    static void edge(ObjectNode doc, String from, String fromPort, String to, String toPort) {
        ObjectNode edge = ((ArrayNode) doc.get("edges")).addObject();
        edge.putObject("from").put("node", from).put("port", fromPort);
        edge.putObject("to").put("node", to).put("port", toPort);
    }

    static String create(ObjectNode doc) {
        ApiResponse created = editor.post("/api/v1/workflows", doc.toString());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("workflow").get("id").asText();
    }

    static String run(String workflowId, String body) {
        ApiResponse accepted = editor.post("/api/v1/workflows/" + workflowId + "/executions", body);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        return accepted.json().get("executionId").asText();
    }

    static JsonNode awaitStatus(String executionId, String status) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = editor.get("/api/v1/executions/" + executionId).json();
            if (status.equals(last.get("status").asText())) {
                return last;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("execution " + executionId + " did not reach " + status + ": " + last);
    }

    static JsonNode nodeRunOf(JsonNode execution, String nodeId) {
        return nodeRun(execution, nodeId);
    }

    static JsonNode nodeRun(JsonNode execution, String nodeId) {
        JsonNode found = null;
        for (JsonNode run : execution.get("nodeRuns")) {
            if (run.get("nodeId").asText().equals(nodeId)) {
                found = run;
            }
        }
        assertThat(found).as("a run of " + nodeId).isNotNull();
        return found;
    }

    /** A WebSocket subscriber collecting live events of one topic. */
    static final class Live implements WebSocket.Listener {
        private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
        private final List<JsonNode> seen = new CopyOnWriteArrayList<>();
        private final StringBuilder partial = new StringBuilder();

        static Live subscribe(String topic) throws Exception {
            return subscribe(kernel.kernel().port(), editor.token(), topic);
        }

        static Live subscribe(int port, String token, String topic) throws Exception {
            Live live = new Live();
            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(
                    "ws://127.0.0.1:" + port + "/ws?access_token=" + token), live).join();
            socket.sendText("{\"op\":\"subscribe\",\"topic\":\"" + topic + "\"}", true).join();
            while (true) {
                JsonNode message = live.received.poll(5, TimeUnit.SECONDS);
                assertThat(message).isNotNull();
                if ("subscribed".equals(message.path("op").asText())) {
                    return live;
                }
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode message = JSON.readTree(partial.toString());
                    if ("batch".equals(message.path("op").asText())) {
                        message.get("messages").forEach(received::add); // events that were sent together
                    } else {
                        received.add(message);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        List<String> typesUntil(String finalType, String executionId) throws InterruptedException {
            return typesUntil(finalType, executionId, 10);
        }

        List<String> typesUntil(String finalType, String executionId, int seconds) throws InterruptedException {
            List<String> types = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < deadline) {
                JsonNode message = received.poll(100, TimeUnit.MILLISECONDS);
                if (message == null || !"event".equals(message.path("op").asText())) {
                    continue;
                }
                seen.add(message);
                types.add(message.get("type").asText());
                if (finalType.equals(message.get("type").asText())
                        && executionId.equals(message.get("data").get("executionId").asText())) {
                    return types;
                }
            }
            throw new AssertionError("no " + finalType + " within " + seconds + " s; saw " + types);
        }

        List<String> finishedNodes(String executionId) {
            List<String> nodes = new ArrayList<>();
            for (JsonNode message : seen) {
                if ("node.finished".equals(message.get("type").asText())
                        && executionId.equals(message.get("data").get("executionId").asText())) {
                    nodes.add(message.get("data").get("nodeId").asText());
                }
            }
            return nodes;
        }
    }
}
