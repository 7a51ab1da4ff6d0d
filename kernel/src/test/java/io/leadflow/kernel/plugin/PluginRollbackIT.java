package io.leadflow.kernel.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadflow.kernel.testing.ApiClient;
import io.leadflow.kernel.testing.ApiClientUpload;
import io.leadflow.kernel.testing.ApiResponse;
import io.leadflow.kernel.testing.Executions;
import io.leadflow.kernel.testing.TestKernel;
import io.leadflow.kernel.testing.TestPluginJar;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Upgrades keep the replaced jar: one call rolls back to it, a version that fails to start is
 * rolled back by itself, and node runs in flight during a swap finish on the version they started on.
 */
class PluginRollbackIT {
    private static TestKernel kernel;
    private static ApiClient admin;

    @BeforeAll
    static void start() {
        kernel = TestKernel.start();
        admin = kernel.admin();
    }

    @AfterAll
    static void stop() {
        kernel.close();
    }

    @Test
    void rollbackReturnsToThePreviousVersionInOneStepAndASecondOneGoesForwardAgain() {
        assertThat(upload("POST", "/api/v1/plugins", TestPluginJar.withNode("undo", "1.0.0", "hello", "Hello one"))
                .status()).isEqualTo(201);
        ApiResponse none = admin.post("/api/v1/plugins/undo/rollback", "");
        assertThat(none.status()).as(none.body()).isEqualTo(409);
        assertThat(none.json().get("type").asText()).endsWith("no-previous-version");
        assertThat(admin.get("/api/v1/plugins/undo").json().path("previousVersion").isTextual()).isFalse();

        ApiResponse upgraded = upload("PUT", "/api/v1/plugins/undo",
                TestPluginJar.withNode("undo", "2.0.0", "hello", "Hello two"));
        assertThat(upgraded.status()).as(upgraded.body()).isEqualTo(200);
        assertThat(upgraded.json().get("version").asText()).isEqualTo("2.0.0");
        assertThat(upgraded.json().get("previousVersion").asText()).isEqualTo("1.0.0");

        ApiResponse back = admin.post("/api/v1/plugins/undo/rollback", "");
        assertThat(back.status()).as(back.body()).isEqualTo(200);
        assertThat(back.json().get("version").asText()).isEqualTo("1.0.0");
        assertThat(back.json().get("state").asText()).isEqualTo("started");
        assertThat(back.json().get("previousVersion").asText()).isEqualTo("2.0.0");
        assertThat(label("undo.hello")).isEqualTo("Hello one");

        ApiResponse forward = admin.post("/api/v1/plugins/undo/rollback", "");
        assertThat(forward.json().get("version").asText()).as(forward.body()).isEqualTo("2.0.0");
        assertThat(label("undo.hello")).isEqualTo("Hello two");

        assertThat(admin.get("/api/v1/audit?targetType=plugin&targetId=undo").json().get("items"))
                .extracting(row -> row.get("action").asText() + ":" + row.get("outcome").asText())
                .containsExactly("plugin.rolled-back:success", "plugin.rolled-back:success", "plugin.upgraded:success",
                        "plugin.installed:success");
    }

    @Test
    void anUpgradeWhosePluginFailsToStartIsRolledBackByItself() {
        assertThat(upload("POST", "/api/v1/plugins", TestPluginJar.withNode("steady", "1.0.0", "hello", "Steady"))
                .status()).isEqualTo(201);
        ApiResponse refused = upload("PUT", "/api/v1/plugins/steady", TestPluginJar.plugin("steady", "2.0.0")
                .header("Plugin-Class", "test.steady.ThePlugin")
                .source("test.steady.ThePlugin", """
                        package test.steady;
                        public class ThePlugin extends io.leadflow.api.LeadFlowPlugin {
                            public ThePlugin(io.leadflow.api.PluginContext context) {
                                super(context);
                                throw new IllegalStateException("version 2 cannot start");
                            }
                        }
                        """));
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.json().get("check").asText()).isEqualTo("start");
        assertThat(refused.json().get("detail").asText()).contains("version 2 cannot start");

        JsonNode plugin = admin.get("/api/v1/plugins/steady").json();
        assertThat(plugin.get("version").asText()).isEqualTo("1.0.0");
        assertThat(plugin.get("state").asText()).isEqualTo("started");
        assertThat(plugin.path("previousVersion").isTextual()).as("a failed upgrade is not a version to return to").isFalse();
        assertThat(label("steady.hello")).isEqualTo("Steady");
        JsonNode audit = admin.get("/api/v1/audit?targetType=plugin&targetId=steady").json().get("items").get(0);
        assertThat(audit.get("action").asText() + ":" + audit.get("outcome").asText()).isEqualTo("plugin.upgraded:failure");
        assertThat(audit.toString()).contains("\"restored\":\"1.0.0\"");
    }

    @Test
    void nodeRunsInFlightFinishOnTheOldVersionAndRunsStartedDuringTheSwapWaitForTheNewOne() throws Exception {
        assertThat(upload("POST", "/api/v1/plugins", slowNode("1.0.0", 4000)).status()).isEqualTo(201);
        String document = """
                {"name":"Swap","nodes":[
                  {"id":"start","name":"Start","type":"swap.stamp"},
                  {"id":"first","name":"First","type":"swap.stamp"},
                  {"id":"second","name":"Second","type":"swap.stamp"}],
                 "edges":[
                  {"from":{"node":"start","port":"main"},"to":{"node":"first","port":"main"}},
                  {"from":{"node":"first","port":"main"},"to":{"node":"second","port":"main"}}]}""";
        ApiResponse created = admin.post("/api/v1/workflows", document);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String workflowId = created.json().get("workflow").get("id").asText();
        String inFlight = run(workflowId);
        awaitRun(inFlight, "start"); // then "first" runs, for 4 s

        byte[] version2 = slowNode("2.0.0", 0).build();
        CompletableFuture<ApiResponse> upgrade = CompletableFuture.supplyAsync(
                () -> ApiClientUpload.send(admin, "PUT", "/api/v1/plugins/swap", admin.token(), version2));
        Thread.sleep(1000); // the swap has begun (draining): the old version's run is still in flight
        String startedDuringSwap = run(workflowId);
        ApiResponse upgraded = upgrade.get(60, TimeUnit.SECONDS);
        assertThat(upgraded.status()).as(upgraded.body()).isEqualTo(200);

        JsonNode first = Executions.awaitStatus(admin, inFlight, 30, "succeeded", "failed");
        assertThat(first.get("status").asText()).as(first.toString()).isEqualTo("succeeded");
        assertThat(ranOn(first, "first")).as("the run in flight finished on its version").isEqualTo("1.0.0");
        assertThat(ranOn(first, "second")).as("the next node ran on the new version").isEqualTo("2.0.0");

        JsonNode second = Executions.awaitStatus(admin, startedDuringSwap, 30, "succeeded", "failed");
        assertThat(second.get("status").asText()).as(second.toString()).isEqualTo("succeeded");
        assertThat(ranOn(second, "first")).isEqualTo("2.0.0");
    }

    /** Action {@code swap.stamp}: after {@code delayMillis}, emits its items stamped with this version. */
    private static TestPluginJar slowNode(String version, long delayMillis) {
        return TestPluginJar.plugin("swap", version).withPluginClass("test.swap")
                .source("test.swap.Stamp", """
                        package test.swap;
                        import io.leadflow.api.node.*;
                        import java.util.*;
                        import java.util.concurrent.*;
                        @org.pf4j.Extension
                        public class Stamp implements Action {
                            public NodeDescriptor descriptor() { return NodeDescriptor.action("swap.stamp").build(); }
                            public CompletionStage<NodeResult> execute(NodeInput input, NodeContext context) {
                                return CompletableFuture.supplyAsync(() -> NodeResult.items(List.of(
                                        Item.of(Map.of("ranOn", "%s")))),
                                    CompletableFuture.delayedExecutor(%d, TimeUnit.MILLISECONDS));
                            }
                        }
                        """.formatted(version, delayMillis));
    }

    private static String run(String workflowId) {
        ApiResponse started = admin.post("/api/v1/workflows/" + workflowId + "/executions", "{\"payload\":{}}");
        assertThat(started.status()).as(started.body()).isIn(200, 201, 202);
        return started.json().get("executionId").asText();
    }

    private static void awaitRun(String executionId, String nodeId) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            JsonNode runs = admin.get("/api/v1/executions/" + executionId).json().path("nodeRuns");
            for (JsonNode run : runs) {
                if (run.path("nodeId").asText().equals(nodeId)) {
                    Thread.sleep(200);
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("node " + nodeId + " of " + executionId + " never ran");
    }

    private static String ranOn(JsonNode execution, String nodeId) {
        for (JsonNode run : execution.get("nodeRuns")) {
            if (run.get("nodeId").asText().equals(nodeId)) {
                return run.get("output").get("main").get(0).get("ranOn").asText();
            }
        }
        throw new AssertionError("no run of " + nodeId + " in " + execution);
    }

    private static String label(String type) {
        for (JsonNode node : admin.get("/api/v1/nodes").json().get("items")) {
            if (node.get("type").asText().equals(type)) {
                return node.get("label").asText();
            }
        }
        throw new AssertionError(type + " is not in the palette");
    }

    private static ApiResponse upload(String method, String path, TestPluginJar jar) {
        return ApiClientUpload.send(admin, method, path, admin.token(), jar.build());
    }
}
