package io.leadflow.kernel.engine;

import static io.leadflow.kernel.engine.EngineIT.edge;
import static io.leadflow.kernel.engine.EngineIT.node;
import static io.leadflow.kernel.engine.EngineIT.nodeRunOf;
import static io.leadflow.kernel.engine.EngineIT.workflow;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadflow.api.trigger.KernelEvent;
import io.leadflow.kernel.testing.ApiClient;
import io.leadflow.kernel.testing.ApiClientUpload;
import io.leadflow.kernel.testing.ApiResponse;
import io.leadflow.kernel.testing.Executions;
import io.leadflow.kernel.testing.TestKernel;
import io.leadflow.kernel.testing.TestPluginJar;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Merges that wait for all their inputs, and waits for an event that resume on it or time out. */
class EngineFlowIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestKernel kernel;
    private static ApiClient admin;

    @BeforeAll
    static void start() throws Exception {
        kernel = TestKernel.start();
        admin = kernel.admin();
        EngineIT.installCore(kernel);
        // a node that waits for a "test.reply" event keyed by its item's leadId, for its item's timeoutMs
        ApiResponse installed = ApiClientUpload.send(admin, "POST", "/api/v1/plugins", admin.token(),
                TestPluginJar.plugin("await", "1.0.0")
                        .withPluginClass("test.await")
                        .source("test.await.AwaitReply", """
                                package test.await;
                                import io.leadflow.api.node.*;
                                import java.time.Duration;
                                @org.pf4j.Extension
                                public class AwaitReply implements Action {
                                    public NodeDescriptor descriptor() {
                                        return NodeDescriptor.action("await.reply").input(Port.mainPort())
                                                .output(Port.of("received", "Received")).output(Port.of("timeout", "Timeout"))
                                                .idempotent().build();
                                    }
                                    public java.util.concurrent.CompletionStage<NodeResult> execute(NodeInput input, NodeContext c) {
                                        Item item = input.items().get(0);
                                        long timeout = ((Number) item.get("timeoutMs")).longValue();
                                        return java.util.concurrent.CompletableFuture.completedFuture(new NodeResult.WaitForEvent(
                                                "test.reply", (String) item.get("leadId"), Duration.ofMillis(timeout),
                                                "received", "timeout", input.items()));
                                    }
                                }
                                """)
                        .source("test.await.Fail", """
                                package test.await;
                                import io.leadflow.api.node.*;
                                @org.pf4j.Extension
                                public class Fail implements Action {
                                    public NodeDescriptor descriptor() { return NodeDescriptor.action("await.fail").build(); }
                                    public java.util.concurrent.CompletionStage<NodeResult> execute(NodeInput input, NodeContext c) {
                                        return java.util.concurrent.CompletableFuture.completedFuture(
                                                NodeResult.permanentFailure("the lead's CRM said no"));
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

    @Test
    void aMergeWaitsForBothBranchesAndRunsOnce() throws Exception {
        ObjectNode doc = workflow("Two sources");
        node(doc, "start", "Start", "core.manual", null);
        node(doc, "crm", "From CRM", "core.set", JSON.createObjectNode().set("mappings",
                JSON.createObjectNode().put("source", "'crm'")));
        node(doc, "form", "From form", "core.set", JSON.createObjectNode().set("mappings",
                JSON.createObjectNode().put("source", "'form'")));
        node(doc, "form2", "Form enriched", "core.set", JSON.createObjectNode().set("mappings",
                JSON.createObjectNode().put("enriched", "true")));
        node(doc, "merge", "Merge", "core.merge", JSON.createObjectNode().put("mode", "append"));
        edge(doc, "start", "main", "crm", "main");
        edge(doc, "start", "main", "form", "main");
        edge(doc, "form", "main", "form2", "main"); // one branch is a step longer
        edge(doc, "crm", "main", "merge", "input1");
        edge(doc, "form2", "main", "merge", "input2");
        JsonNode execution = runToEnd(doc, "{\"payload\":{\"email\":\"a@b.c\"}}", "succeeded");
        List<JsonNode> merges = runsOf(execution, "merge");
        assertThat(merges).hasSize(1);
        JsonNode merged = merges.get(0).get("output").get("main");
        assertThat(merged).hasSize(2);
        assertThat(merged.get(0).get("source").asText()).isEqualTo("crm");
        assertThat(merged.get(1).get("source").asText()).isEqualTo("form");
        assertThat(merged.get(1).get("enriched").asBoolean()).isTrue();
    }

    @Test
    void aWaitForAnEventResumesOnTheEventOrLeavesByItsTimeoutPort() throws Exception {
        ObjectNode doc = workflow("Await reply");
        node(doc, "start", "Start", "core.manual", null);
        node(doc, "await", "Await reply", "await.reply", null);
        node(doc, "replied", "Replied", "core.set", JSON.createObjectNode().set("mappings",
                JSON.createObjectNode().put("reply", "event.text")));
        node(doc, "silent", "No reply", "core.set", JSON.createObjectNode().set("mappings",
                JSON.createObjectNode().put("silent", "true")));
        edge(doc, "start", "main", "await", "main");
        edge(doc, "await", "received", "replied", "main");
        edge(doc, "await", "timeout", "silent", "main");
        ApiResponse created = admin.post("/api/v1/workflows", doc.toString());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String workflowId = created.json().get("workflow").get("id").asText();

        String answered = start(workflowId, "{\"payload\":{\"leadId\":\"lead-1\",\"timeoutMs\":60000}}");
        String unanswered = start(workflowId, "{\"payload\":{\"leadId\":\"lead-2\",\"timeoutMs\":1500}}");
        Executions.awaitStatus(admin, answered, 20, "waiting");
        Executions.awaitStatus(admin, unanswered, 20, "waiting", "succeeded");

        // an event for another lead or of another type resumes nothing
        kernel.kernel().kernelEvents().publish(new KernelEvent("test.other", Map.of("leadId", "lead-1"), Instant.now()));
        kernel.kernel().kernelEvents().publish(new KernelEvent("test.reply", Map.of("leadId", "lead-9"), Instant.now()));
        Thread.sleep(300);
        assertThat(admin.get("/api/v1/executions/" + answered).json().get("status").asText()).isEqualTo("waiting");

        kernel.kernel().kernelEvents().publish(new KernelEvent("test.reply",
                Map.of("leadId", "lead-1", "text", "Yes, call me"), Instant.now()));
        JsonNode resumed = Executions.awaitStatus(admin, answered, 20, "succeeded", "failed");
        assertThat(resumed.get("status").asText()).isEqualTo("succeeded");
        JsonNode reply = nodeRunOf(resumed, "replied").get("output").get("main").get(0);
        assertThat(reply.get("reply").asText()).isEqualTo("Yes, call me");
        assertThat(reply.get("leadId").asText()).isEqualTo("lead-1");
        assertThat(runsOf(resumed, "silent")).isEmpty();

        JsonNode timedOut = Executions.awaitStatus(admin, unanswered, 20, "succeeded", "failed");
        assertThat(timedOut.get("status").asText()).isEqualTo("succeeded");
        assertThat(nodeRunOf(timedOut, "silent").get("output").get("main").get(0).get("leadId").asText())
                .isEqualTo("lead-2");
        assertThat(runsOf(timedOut, "replied")).isEmpty();
        // a late event finds nobody waiting and changes nothing
        kernel.kernel().kernelEvents().publish(new KernelEvent("test.reply", Map.of("leadId", "lead-2"), Instant.now()));
        Thread.sleep(300);
        assertThat(runsOf(admin.get("/api/v1/executions/" + unanswered).json(), "replied")).isEmpty();
    }

    @Test
    void settingsPruneOldExecutionsDropDataAndReportFailuresToAnErrorWorkflow() throws Exception {
        ObjectNode handler = workflow("On error");
        node(handler, "start", "Start", "core.manual", null);
        node(handler, "note", "Note", "core.set", JSON.createObjectNode().set("mappings",
                JSON.createObjectNode().put("failedExecution", "execution.id").put("why", "execution.error")));
        edge(handler, "start", "main", "note", "main");
        String handlerId = create(handler);

        ObjectNode failing = workflow("Fails");
        failing.putObject("settings").put("errorWorkflow", handlerId);
        node(failing, "start", "Start", "core.manual", null);
        node(failing, "fail", "Ask CRM", "await.fail", null);
        edge(failing, "start", "main", "fail", "main");
        String failedId = start(create(failing), "{}");
        Executions.awaitStatus(admin, failedId, 20, "failed");
        JsonNode reported = awaitFirstExecutionOf(handlerId);
        assertThat(reported.get("mode").asText()).isEqualTo("error");
        JsonNode note = nodeRunOf(Executions.awaitStatus(admin, reported.get("id").asText(), 20, "succeeded"), "note")
                .get("output").get("main").get(0);
        assertThat(note.get("failedExecution").asText()).isEqualTo(failedId);
        assertThat(note.get("why").asText()).contains("the lead's CRM said no");

        ObjectNode lean = workflow("Keeps little");
        lean.putObject("settings").put("keepExecutionData", "failed").putObject("retention").put("maxCount", 2);
        node(lean, "start", "Start", "core.manual", null);
        node(lean, "set", "Set", "core.set", JSON.createObjectNode().set("mappings",
                JSON.createObjectNode().put("secret", "'s3cr3t'")));
        edge(lean, "start", "main", "set", "main");
        String leanId = create(lean);
        List<String> runs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            runs.add(start(leanId, "{\"payload\":{\"n\":" + i + "}}"));
            Executions.awaitStatus(admin, runs.get(i), 20, "succeeded");
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        JsonNode dropped;
        do {
            Thread.sleep(100);
            dropped = nodeRunOf(admin.get("/api/v1/executions/" + runs.get(3)).json(), "set");
        } while (!dropped.path("output").isNull() && !dropped.path("output").isMissingNode() && System.nanoTime() < deadline);
        assertThat(dropped.path("status").asText()).isEqualTo("succeeded");
        assertThat(dropped.path("output").isNull() || dropped.path("output").isMissingNode())
                .as("a succeeded execution keeps no data: " + dropped).isTrue();

        assertThat(kernel.kernel().retention().prune()).isGreaterThanOrEqualTo(2);
        JsonNode kept = admin.get("/api/v1/executions?workflowId=" + leanId).json();
        List<String> keptIds = new ArrayList<>();
        kept.get("items").forEach(item -> keptIds.add(item.get("id").asText()));
        assertThat(keptIds).containsExactlyInAnyOrder(runs.get(2), runs.get(3));
        assertThat(admin.get("/api/v1/executions/" + runs.get(0)).status()).isEqualTo(404);
    }

    @Test
    void aSubWorkflowRunsWithTheNodesItemsAndItsResultFlowsOn() throws Exception {
        ObjectNode child = workflow("Score lead");
        node(child, "start", "Start", "core.manual", null);
        node(child, "score", "Score", "core.set", JSON.createObjectNode().set("mappings",
                JSON.createObjectNode().put("score", "visits * 10")));
        edge(child, "start", "main", "score", "main");
        String childId = create(child);

        ObjectNode parent = workflow("Qualify with score");
        node(parent, "start", "Start", "core.manual", null);
        node(parent, "call", "Score it", "core.execute-workflow", JSON.createObjectNode().put("workflowId", childId));
        node(parent, "after", "Qualified", "core.set", JSON.createObjectNode().set("mappings",
                JSON.createObjectNode().put("hot", "score > 50")));
        edge(parent, "start", "main", "call", "main");
        edge(parent, "call", "main", "after", "main");
        String parentId = create(parent);
        String executionId = start(parentId, "{\"payload\":[{\"visits\":7},{\"visits\":2}]}");
        JsonNode done = Executions.awaitStatus(admin, executionId, 20, "succeeded", "failed");
        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("succeeded");
        JsonNode after = nodeRunOf(done, "after").get("output").get("main");
        assertThat(after).hasSize(2);
        assertThat(after.get(0).get("score").asInt()).isEqualTo(70);
        assertThat(after.get(0).get("hot").asBoolean()).isTrue();
        assertThat(after.get(1).get("hot").asBoolean()).isFalse();
        JsonNode childRun = awaitFirstExecutionOf(childId);
        assertThat(childRun.get("mode").asText()).isEqualTo("sub-workflow");

        ObjectNode failingChild = workflow("Always fails");
        node(failingChild, "start", "Start", "core.manual", null);
        node(failingChild, "fail", "Ask CRM", "await.fail", null);
        edge(failingChild, "start", "main", "fail", "main");
        ObjectNode caller = workflow("Calls a failing child");
        node(caller, "start", "Start", "core.manual", null);
        node(caller, "call", "Call", "core.execute-workflow", JSON.createObjectNode()
                .put("workflowId", create(failingChild)));
        edge(caller, "start", "main", "call", "main");
        JsonNode failed = Executions.awaitStatus(admin, start(create(caller), "{}"), 20, "failed", "succeeded");
        assertThat(failed.get("status").asText()).isEqualTo("failed");
        assertThat(nodeRunOf(failed, "call").get("error").asText()).contains("the lead's CRM said no");
    }

    private static JsonNode awaitFirstExecutionOf(String workflowId) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            JsonNode items = admin.get("/api/v1/executions?workflowId=" + workflowId).json().get("items");
            if (items.size() > 0) {
                return items.get(0);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no execution of " + workflowId);
    }

    private static String create(ObjectNode doc) {
        ApiResponse created = admin.post("/api/v1/workflows", doc.toString());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("workflow").get("id").asText();
    }

    private static String start(String workflowId, String body) {
        ApiResponse accepted = admin.post("/api/v1/workflows/" + workflowId + "/executions", body);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        return accepted.json().get("executionId").asText();
    }

    private static JsonNode runToEnd(ObjectNode doc, String body, String status) {
        ApiResponse created = admin.post("/api/v1/workflows", doc.toString());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String executionId = start(created.json().get("workflow").get("id").asText(), body);
        JsonNode execution = Executions.awaitStatus(admin, executionId, 20, "succeeded", "failed");
        assertThat(execution.get("status").asText()).as(execution.toString()).isEqualTo(status);
        return execution;
    }

    static List<JsonNode> runsOf(JsonNode execution, String nodeId) {
        List<JsonNode> runs = new ArrayList<>();
        execution.get("nodeRuns").forEach(run -> {
            if (run.get("nodeId").asText().equals(nodeId)) {
                runs.add(run);
            }
        });
        return runs;
    }
}
