package io.leadflow.kernel.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadflow.kernel.testing.ApiClient;
import io.leadflow.kernel.testing.ApiClientUpload;
import io.leadflow.kernel.testing.ApiResponse;
import io.leadflow.kernel.testing.TestKernel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Workflow documents against the real core-nodes plugin: versions, activation, and precise 422s. */
class WorkflowIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestKernel kernel;
    private static ApiClient editor;

    @BeforeAll
    static void start() throws Exception {
        kernel = TestKernel.start();
        ApiClient admin = kernel.admin();
        Path core;
        try (Stream<Path> files = Files.list(Path.of("target", "first-party-plugins"))) {
            core = files.filter(path -> path.getFileName().toString().contains("core-nodes")).findFirst().orElseThrow();
        }
        assertThat(ApiClientUpload.send(admin, "POST", "/api/v1/plugins", admin.token(), Files.readAllBytes(core))
                .status()).isEqualTo(201);
        editor = kernel.userWithRole("wf-editor", "editor");
    }

    @AfterAll
    static void stop() {
        kernel.close();
    }

    static ObjectNode webhookSetIfRespond() {
        ObjectNode doc = JSON.createObjectNode().put("name", "Contact form");
        ArrayNode nodes = doc.putArray("nodes");
        nodes.add(node("hook", "Form posted", "core.webhook").set("config", JSON.createObjectNode().put("path", "forms/contact")));
        ObjectNode set = node("set", "Clean up", "core.set");
        set.putObject("config").putObject("mappings").put("email", "$lowercase(body.email)");
        nodes.add(set);
        nodes.add(node("if", "Has email", "core.if").set("config", JSON.createObjectNode().put("condition", "$exists(email)")));
        nodes.add(node("ok", "Thanks", "core.respond").set("config", JSON.createObjectNode().put("statusCode", 200)));
        ArrayNode edges = doc.putArray("edges");
        edges.add(edge("hook", "main", "set", "main"));
        edges.add(edge("set", "main", "if", "main"));
        edges.add(edge("if", "true", "ok", "main"));
        doc.putObject("settings").put("timezone", "Europe/Berlin");
        return doc;
    }

    static ObjectNode node(String id, String name, String type) {
        ObjectNode node = JSON.createObjectNode().put("id", id).put("name", name).put("type", type);
        node.putObject("position").put("x", 0).put("y", 0);
        return node;
    }

    static ObjectNode edge(String from, String fromPort, String to, String toPort) {
        ObjectNode edge = JSON.createObjectNode();
        edge.putObject("from").put("node", from).put("port", fromPort);
        edge.putObject("to").put("node", to).put("port", toPort);
        return edge;
    }

    @Test
    void everySaveIsAVersionAndOneVersionIsActive() throws Exception {
        ApiResponse created = editor.post("/api/v1/workflows", webhookSetIfRespond().toString());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("workflow").get("id").asText();
        assertThat(created.json().get("version").asInt()).isEqualTo(1);

        ObjectNode changed = webhookSetIfRespond().put("name", "Contact form v2");
        ApiResponse saved = editor.send("PUT", "/api/v1/workflows/" + id, "application/json", changed.toString().getBytes());
        assertThat(saved.json().get("version").asInt()).isEqualTo(2);
        assertThat(editor.get("/api/v1/workflows/" + id + "/versions").json().get("items"))
                .extracting(v -> v.get("version").asInt()).containsExactly(2, 1);
        assertThat(editor.get("/api/v1/workflows/" + id + "?version=1").json().get("document").get("name").asText())
                .isEqualTo("Contact form");

        ApiResponse activated = editor.post("/api/v1/workflows/" + id + "/activate?version=1", "");
        assertThat(activated.json().get("activeVersion").asInt()).isEqualTo(1);
        assertThat(editor.get("/api/v1/workflows/" + id).json().get("active").asBoolean()).isFalse();
        assertThat(editor.get("/api/v1/workflows/" + id + "?version=1").json().get("active").asBoolean()).isTrue();

        JsonNode exported = editor.get("/api/v1/workflows/" + id + "/export").json();
        assertThat(exported.get("name").asText()).isEqualTo("Contact form v2");
        ApiResponse imported = editor.post("/api/v1/workflows", exported.toString());
        assertThat(imported.status()).isEqualTo(201);
        assertThat(imported.json().get("workflow").get("id").asText()).isNotEqualTo(id);

        assertThat(editor.get("/api/v1/workflows?q=Contact").json().get("items").size()).isGreaterThanOrEqualTo(2);
        assertThat(editor.post("/api/v1/workflows/" + id + "/deactivate", "").json().has("activeVersion")).isFalse();
        assertThat(editor.delete("/api/v1/workflows/" + id).status()).isEqualTo(204);
        assertThat(editor.get("/api/v1/workflows/" + id).status()).isEqualTo(404);
    }

    @Test
    void badDefinitionsGet422WithAPointerToTheNodeAndField() {
        ObjectNode unknownType = webhookSetIfRespond();
        ((ObjectNode) unknownType.get("nodes").get(1)).put("type", "core.teleport");
        assertViolation(unknownType, "/nodes/1/type", "unknown node type");

        ObjectNode missingConfig = webhookSetIfRespond();
        ((ObjectNode) missingConfig.get("nodes").get(0)).remove("config");
        assertViolation(missingConfig, "/nodes/0/config/path", "path");

        ObjectNode wrongType = webhookSetIfRespond();
        ((ObjectNode) wrongType.get("nodes").get(3).get("config")).put("statusCode", "two hundred");
        assertViolation(wrongType, "/nodes/3/config/statusCode", "");

        ObjectNode missingPort = webhookSetIfRespond();
        ((ObjectNode) missingPort.get("edges").get(2).get("from")).put("port", "maybe");
        assertViolation(missingPort, "/edges/2/from/port", "has no output port 'maybe'");

        ObjectNode danglingEdge = webhookSetIfRespond();
        ((ObjectNode) danglingEdge.get("edges").get(0).get("to")).put("node", "ghost");
        assertViolation(danglingEdge, "/edges/0/to/node", "no node with id 'ghost'");

        ObjectNode badExpression = webhookSetIfRespond();
        ((ObjectNode) badExpression.get("nodes").get(2).get("config")).put("condition", "$exists(email");
        assertViolation(badExpression, "/nodes/2/config/condition", "does not parse");

        ObjectNode cycle = webhookSetIfRespond();
        ((ArrayNode) cycle.get("edges")).add(edge("if", "false", "set", "main"));
        assertViolation(cycle, "/edges/", "closes a cycle");

        ObjectNode noName = webhookSetIfRespond();
        noName.remove("name");
        assertViolation(noName, "/name", "");

        ObjectNode duplicateId = webhookSetIfRespond();
        ((ObjectNode) duplicateId.get("nodes").get(3)).put("id", "hook");
        assertViolation(duplicateId, "/nodes/3/id", "used twice");
    }

    @Test
    void aCycleThroughALoopNodeIsAllowed() {
        ObjectNode doc = JSON.createObjectNode().put("name", "Batches");
        ArrayNode nodes = doc.putArray("nodes");
        nodes.add(node("hook", "Hook", "core.webhook").set("config", JSON.createObjectNode().put("path", "batches")));
        nodes.add(node("loop", "Loop", "core.loop"));
        ObjectNode body = node("body", "Body", "core.set");
        body.putObject("config").putObject("mappings").put("done", "true");
        nodes.add(body);
        ArrayNode edges = doc.putArray("edges");
        edges.add(edge("hook", "main", "loop", "main"));
        edges.add(edge("loop", "loop", "body", "main"));
        edges.add(edge("body", "main", "loop", "continue"));
        ApiResponse created = editor.post("/api/v1/workflows", doc.toString());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    @Test
    void aWorkflowWithFiveHundredNodesSavesAndValidates() {
        ObjectNode doc = JSON.createObjectNode().put("name", "Long chain");
        ArrayNode nodes = doc.putArray("nodes");
        ArrayNode edges = doc.putArray("edges");
        nodes.add(node("n0", "Start", "core.webhook").set("config", JSON.createObjectNode().put("path", "chain")));
        for (int i = 1; i < 500; i++) {
            ObjectNode set = node("n" + i, "Step " + i, "core.set");
            set.putObject("config").putObject("mappings").put("step", Integer.toString(i));
            nodes.add(set);
            edges.add(edge("n" + (i - 1), "main", "n" + i, "main"));
        }
        long start = System.nanoTime();
        ApiResponse created = editor.post("/api/v1/workflows", doc.toString());
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("500-node workflow saved and validated in %d ms%n", millis);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("document").get("nodes").size()).isEqualTo(500);
    }

    @Test
    void viewersReadButDoNotWrite() {
        ApiClient viewer = kernel.userWithRole("wf-viewer", "viewer");
        assertThat(viewer.get("/api/v1/workflows").status()).isEqualTo(200);
        assertThat(viewer.post("/api/v1/workflows", webhookSetIfRespond().toString()).status()).isEqualTo(403);
    }

    private static void assertViolation(ObjectNode document, String pointerPrefix, String detailPart) {
        ApiResponse response = editor.post("/api/v1/workflows", document.toString());
        assertThat(response.status()).as(response.body()).isEqualTo(422);
        assertThat(response.json().get("type").asText()).isEqualTo("urn:leadflow:problem:validation-failed");
        assertThat(response.json().get("errors")).as(response.body()).anySatisfy(error -> {
            assertThat(error.get("pointer").asText()).startsWith(pointerPrefix);
            assertThat(error.get("detail").asText()).contains(detailPart);
        });
    }
}
