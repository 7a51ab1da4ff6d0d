package io.leadflow.kernel.engine;

import static io.leadflow.kernel.engine.EngineIT.edge;
import static io.leadflow.kernel.engine.EngineIT.node;
import static io.leadflow.kernel.engine.EngineIT.workflow;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadflow.kernel.testing.ApiClient;
import io.leadflow.kernel.testing.ApiClientUpload;
import io.leadflow.kernel.testing.ApiResponse;
import io.leadflow.kernel.testing.Executions;
import io.leadflow.kernel.testing.TestKernel;
import io.leadflow.kernel.testing.TestPluginJar;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The editor's test runs: up to a node (only the nodes leading to it, nothing after), one node
 * alone (with a payload or the pinned output of the node before it), pinned data replayed in test
 * runs and never in other runs, and the live preview of {@code {{ }}} expressions.
 */
class EditorTestRunIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestKernel kernel;
    private static ApiClient admin;

    @BeforeAll
    static void start() throws Exception {
        kernel = TestKernel.start();
        admin = kernel.admin();
        EngineIT.installCore(kernel);
        // a node that fails whenever it really runs: a run that succeeds past it replayed its pinned data
        ApiResponse installed = ApiClientUpload.send(admin, "POST", "/api/v1/plugins", admin.token(),
                TestPluginJar.plugin("probe", "1.0.0")
                        .withPluginClass("test.probe")
                        .source("test.probe.Crm", """
                                package test.probe;
                                import io.leadflow.api.node.*;
                                @org.pf4j.Extension
                                public class Crm implements Action {
                                    public NodeDescriptor descriptor() {
                                        return NodeDescriptor.action("probe.crm").input(Port.mainPort()).output(Port.mainPort()).build();
                                    }
                                    public java.util.concurrent.CompletionStage<NodeResult> execute(NodeInput input, NodeContext c) {
                                        return java.util.concurrent.CompletableFuture.completedFuture(
                                                NodeResult.permanentFailure("the CRM is not reachable from a test"));
                                    }
                                }
                                """)
                        .build());
        assertThat(installed.status()).as(installed.body()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        kernel.close();
    }

    /** start → score → double → crm (fails if run); start → side (fails if run). */
    private static ObjectNode scoring() {
        ObjectNode doc = workflow("Scoring");
        node(doc, "start", "Start", "core.manual", null);
        node(doc, "score", "Score", "core.set", JSON.createObjectNode().set("mappings",
                JSON.createObjectNode().put("score", "points + 1")));
        node(doc, "double", "Double", "core.set", JSON.createObjectNode().set("mappings",
                JSON.createObjectNode().put("score", "score * 2")));
        node(doc, "crm", "Push to CRM", "probe.crm", null);
        node(doc, "side", "Side branch", "probe.crm", null);
        edge(doc, "start", "main", "score", "main");
        edge(doc, "score", "main", "double", "main");
        edge(doc, "double", "main", "crm", "main");
        edge(doc, "start", "main", "side", "main");
        return doc;
    }

    @Test
    void upToANodeRunsOnlyTheNodesLeadingToItAndStopsAfterIt() {
        String workflowId = create(scoring());
        JsonNode execution = finished(run(workflowId, "{\"until\":\"double\",\"payload\":{\"points\":20}}"));
        assertThat(execution.get("status").asText()).as(execution.toString()).isEqualTo("succeeded");
        assertThat(execution.get("mode").asText()).isEqualTo("test");
        assertThat(execution.get("runUntil").asText()).isEqualTo("double");
        assertThat(nodeIds(execution)).containsExactly("start", "score", "double");
        assertThat(run(execution, "double").get("output").get("main").get(0).get("score").asInt()).isEqualTo(42);
    }

    @Test
    void oneNodeAloneRunsWithThePayloadOrThePinnedOutputOfTheNodeBeforeIt() {
        ObjectNode doc = scoring();
        doc.putObject("pinData").putArray("score").addObject().put("score", 5);
        String workflowId = create(doc);

        JsonNode given = finished(run(workflowId, "{\"only\":\"double\",\"payload\":[{\"score\":10},{\"score\":11}]}"));
        assertThat(given.get("status").asText()).as(given.toString()).isEqualTo("succeeded");
        assertThat(nodeIds(given)).containsExactly("double");
        assertThat(run(given, "double").get("input").get("main")).hasSize(2);
        assertThat(run(given, "double").get("output").get("main").get(1).get("score").asInt()).isEqualTo(22);
        assertThat(run(given, "double").has("pinned")).isFalse();

        JsonNode fromPin = finished(run(workflowId, "{\"only\":\"double\"}"));
        assertThat(nodeIds(fromPin)).containsExactly("double");
        assertThat(run(fromPin, "double").get("output").get("main").get(0).get("score").asInt()).isEqualTo(10);

        // the node a test is for runs even when it has pinned data itself
        doc.with("pinData").putArray("double").addObject().put("score", -1);
        String pinnedTwice = create(doc);
        JsonNode real = finished(run(pinnedTwice, "{\"only\":\"double\"}"));
        assertThat(run(real, "double").get("output").get("main").get(0).get("score").asInt()).isEqualTo(10);

        ApiResponse noInput = admin.post("/api/v1/workflows/" + create(scoring()) + "/executions", "{\"only\":\"double\"}");
        assertThat(noInput.status()).as(noInput.body()).isEqualTo(422);
        assertThat(noInput.body()).contains("/payload").contains("pin data on the node before it");
    }

    @Test
    void pinnedDataReplaysInTestRunsAndNeverInOtherRuns() {
        ObjectNode doc = scoring();
        doc.putObject("pinData").putArray("crm").addObject().put("crmId", "C-1");
        doc.with("pinData").putArray("start").addObject().put("points", 1);
        String workflowId = create(doc);

        // a test run with no payload starts from the trigger's pinned items and replays the CRM's
        JsonNode test = finished(run(workflowId, "{\"test\":true,\"until\":\"crm\"}"));
        // until is the CRM: the node the test is for runs for real, and fails
        assertThat(test.get("status").asText()).isEqualTo("failed");
        assertThat(run(test, "double").get("output").get("main").get(0).get("score").asInt()).isEqualTo(4);

        ObjectNode past = scoring();
        past.putObject("pinData").putArray("crm").addObject().put("crmId", "C-1");
        node(past, "after", "After CRM", "core.set", JSON.createObjectNode().set("mappings",
                JSON.createObjectNode().put("synced", "crmId")));
        edge(past, "crm", "main", "after", "main");
        String replaying = create(past);
        JsonNode replayed = finished(run(replaying, "{\"until\":\"after\",\"payload\":{\"points\":1}}"));
        assertThat(replayed.get("status").asText()).as(replayed.toString()).isEqualTo("succeeded");
        assertThat(run(replayed, "crm").get("pinned").asBoolean()).isTrue();
        assertThat(run(replayed, "after").get("output").get("main").get(0).get("synced").asText()).isEqualTo("C-1");
        assertThat(nodeIds(replayed)).doesNotContain("side");

        // the same saved version run as a manual or live run never replays: the CRM really runs, and fails
        JsonNode manual = finished(run(replaying, "{\"payload\":{\"points\":1}}"));
        assertThat(manual.get("mode").asText()).isEqualTo("manual");
        assertThat(manual.get("status").asText()).isEqualTo("failed");
        assertThat(manual.get("error").asText()).contains("the CRM is not reachable from a test");
        assertThat(manual.get("nodeRuns").findValues("pinned")).isEmpty();
    }

    @Test
    void badScopesAndStrayPinnedDataAreRefusedWithTheirPointer() {
        ObjectNode doc = scoring();
        doc.putObject("pinData").putArray("ghost").addObject().put("x", 1);
        ApiResponse stray = admin.post("/api/v1/workflows", doc.toString());
        assertThat(stray.status()).as(stray.body()).isEqualTo(422);
        assertThat(stray.body()).contains("/pinData/ghost");

        ObjectNode notItems = scoring();
        notItems.putObject("pinData").put("score", "not a list");
        assertThat(admin.post("/api/v1/workflows", notItems.toString()).status()).isEqualTo(422);

        String workflowId = create(scoring());
        ApiResponse unknown = admin.post("/api/v1/workflows/" + workflowId + "/executions", "{\"until\":\"nope\"}");
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.body()).contains("/until");
        ApiResponse unreachable = admin.post("/api/v1/workflows/" + workflowId + "/executions",
                "{\"node\":\"score\",\"until\":\"side\"}");
        assertThat(unreachable.status()).as(unreachable.body()).isEqualTo(422);
        assertThat(unreachable.body()).contains("no path leads from 'score' to 'side'");
        ApiResponse both = admin.post("/api/v1/workflows/" + workflowId + "/executions",
                "{\"only\":\"score\",\"until\":\"double\",\"payload\":{}}");
        assertThat(both.status()).isEqualTo(422);
    }

    @Test
    void anExpressionPreviewShowsTheValueARunWouldComputeOrItsError() {
        JsonNode text = preview("{\"text\":\"Hi {{ $json.name }}, you scored {{ $json.score * 2 }}\",\"json\":{\"name\":\"Ada\",\"score\":21}}");
        assertThat(text.get("value").asText()).isEqualTo("Hi Ada, you scored 42");
        JsonNode whole = preview("{\"text\":\"{{ $json.score * 2 }}\",\"items\":[{\"score\":4},{\"score\":5}]}");
        assertThat(whole.get("value").isNumber()).isTrue();
        assertThat(whole.get("value").asInt()).isEqualTo(8);
        JsonNode earlier = preview("{\"text\":\"{{ $node.Form.json.email }}\",\"node\":{\"Form\":{\"json\":{\"email\":\"a@b.c\"},\"items\":[]}}}");
        assertThat(earlier.get("value").asText()).isEqualTo("a@b.c");
        JsonNode broken = preview("{\"text\":\"to {{ $json.name & }}\",\"json\":{}}");
        assertThat(broken.has("value")).isFalse();
        assertThat(broken.get("error").asText()).contains("$json.name &");
        JsonNode plain = preview("{\"text\":\"no expression here\"}");
        assertThat(plain.get("value").asText()).isEqualTo("no expression here");

        ApiResponse missing = admin.post("/api/v1/expressions/preview", "{\"json\":{}}");
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.body()).contains("/text");
        assertThat(admin.post("/api/v1/expressions/preview", "{\"text\":\"x\",\"json\":[1]}").status()).isEqualTo(422);
        assertThat(admin.post("/api/v1/expressions/preview", "{\"text\":").status()).isEqualTo(400);
    }

    private static JsonNode preview(String body) {
        ApiResponse answer = admin.post("/api/v1/expressions/preview", body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    private static String create(ObjectNode doc) {
        ApiResponse created = admin.post("/api/v1/workflows", doc.toString());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("workflow").get("id").asText();
    }

    private static String run(String workflowId, String body) {
        ApiResponse accepted = admin.post("/api/v1/workflows/" + workflowId + "/executions", body);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        return accepted.json().get("executionId").asText();
    }

    private static JsonNode finished(String executionId) {
        return Executions.awaitStatus(admin, executionId, 20, "succeeded", "failed");
    }

    private static List<String> nodeIds(JsonNode execution) {
        return execution.get("nodeRuns").findValuesAsText("nodeId");
    }

    private static JsonNode run(JsonNode execution, String nodeId) {
        return EngineIT.nodeRun(execution, nodeId);
    }
}
