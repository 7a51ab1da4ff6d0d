package io.leadflow.kernel.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Checks what happens to runs while a plugin is swapped for another version. The plugin has one
 * action, {@code <id>.stamp}, which emits an item stamped with its version after a delay; a
 * workflow runs it twice in a row. A run is started so that its first stamp is in flight when the
 * swap begins, and a second run is started during the swap.
 */
public final class SwapProbe {
    /** How long version 1's stamp takes: long enough to be in flight across the swap. */
    public static final long IN_FLIGHT_MILLIS = 4000;

    private SwapProbe() {
    }

    /** Plugin {@code id} whose action {@code <id>.stamp} emits {@code {ranOn: version}} after {@code delayMillis}. */
    public static TestPluginJar stampPlugin(String id, String version, long delayMillis) {
        String pkg = "test." + id.replace("-", "");
        return TestPluginJar.plugin(id, version).withPluginClass(pkg)
                .source(pkg + ".Stamp", """
                        package %s;
                        import io.leadflow.api.node.*;
                        import java.util.*;
                        import java.util.concurrent.*;
                        @org.pf4j.Extension
                        public class Stamp implements Action {
                            public NodeDescriptor descriptor() { return NodeDescriptor.action("%s.stamp").build(); }
                            public CompletionStage<NodeResult> execute(NodeInput input, NodeContext context) {
                                return CompletableFuture.supplyAsync(() -> NodeResult.items(List.of(
                                        Item.of(Map.of("ranOn", "%s")))),
                                    CompletableFuture.delayedExecutor(%d, TimeUnit.MILLISECONDS));
                            }
                        }
                        """.formatted(pkg, id, version, delayMillis));
    }

    /**
     * With version {@code from} of plugin {@code id} installed (its stamp taking
     * {@link #IN_FLIGHT_MILLIS}), runs {@code swap} while a stamp is in flight, and asserts: the swap
     * succeeds; the stamp in flight finishes on {@code from}; the run's next stamp and a run
     * started during the swap run on {@code to}; both runs succeed.
     */
    public static void assertRunsInFlightFinishOnTheirVersion(ApiClient admin, String id, String from, String to,
                                                            Supplier<ApiResponse> swap) throws Exception {
        ApiResponse created = admin.post("/api/v1/workflows", """
                {"name":"Swap","nodes":[
                  {"id":"start","name":"Start","type":"%1$s.stamp"},
                  {"id":"first","name":"First","type":"%1$s.stamp"},
                  {"id":"second","name":"Second","type":"%1$s.stamp"}],
                 "edges":[
                  {"from":{"node":"start","port":"main"},"to":{"node":"first","port":"main"}},
                  {"from":{"node":"first","port":"main"},"to":{"node":"second","port":"main"}}]}""".formatted(id));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String workflowId = created.json().get("workflow").get("id").asText();
        String inFlight = run(admin, workflowId);
        awaitRun(admin, inFlight, "start"); // the manual run's first node emits the payload; then "first" runs

        CompletableFuture<ApiResponse> swapped = CompletableFuture.supplyAsync(swap);
        Thread.sleep(1000); // the swap has begun (draining): the old version's stamp is still in flight
        String startedDuringSwap = run(admin, workflowId);
        ApiResponse answer = swapped.get(60, TimeUnit.SECONDS);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("version").asText()).isEqualTo(to);

        JsonNode first = Executions.awaitStatus(admin, inFlight, 30, "succeeded", "failed");
        assertThat(first.get("status").asText()).as(first.toString()).isEqualTo("succeeded");
        assertThat(ranOn(first, "first")).as("the node run in flight finished on its version").isEqualTo(from);
        assertThat(ranOn(first, "second")).as("the next node ran on the new version").isEqualTo(to);
        JsonNode second = Executions.awaitStatus(admin, startedDuringSwap, 30, "succeeded", "failed");
        assertThat(second.get("status").asText()).as(second.toString()).isEqualTo("succeeded");
        assertThat(ranOn(second, "first")).as("a run started during the swap waited for the new version").isEqualTo(to);
    }

    private static String run(ApiClient admin, String workflowId) {
        ApiResponse started = admin.post("/api/v1/workflows/" + workflowId + "/executions", "{\"payload\":{}}");
        assertThat(started.status()).as(started.body()).isIn(200, 201, 202);
        return started.json().get("executionId").asText();
    }

    private static void awaitRun(ApiClient admin, String executionId, String nodeId) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            for (JsonNode run : admin.get("/api/v1/executions/" + executionId).json().path("nodeRuns")) {
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
}
