package io.leadflow.kernel.marketplace;

import io.leadflow.kernel.testing.TestMarketplace;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadflow.kernel.testing.ApiClient;
import io.leadflow.kernel.testing.ApiResponse;
import io.leadflow.kernel.testing.Executions;
import io.leadflow.kernel.testing.TestKernel;
import io.leadflow.kernel.testing.TestPluginJar;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A hot upgrade from the marketplace while an execution is in flight: the node run in flight
 * finishes on the version it started on, the next node and a run started during the swap run on the
 * new one — no restart.
 */
class MarketplaceHotUpgradeIT {
    private ApiClient admin;

    @Test
    void anUpgradeFromTheIndexLetsTheRunInFlightFinishOnItsVersion() throws Exception {
        try (TestMarketplace market = TestMarketplace.create()) {
            market.add(slowNode("1.0.0", 4000).build());
            market.add(slowNode("2.0.0", 0).build());
            market.sign();
            try (TestKernel kernel = TestKernel.start(market.settings())) {
                admin = kernel.admin();
                assertThat(install("1.0.0").status()).isEqualTo(200);
                ApiResponse created = admin.post("/api/v1/workflows", """
                        {"name":"Swap","nodes":[
                          {"id":"start","name":"Start","type":"mkt-swap.stamp"},
                          {"id":"first","name":"First","type":"mkt-swap.stamp"},
                          {"id":"second","name":"Second","type":"mkt-swap.stamp"}],
                         "edges":[
                          {"from":{"node":"start","port":"main"},"to":{"node":"first","port":"main"}},
                          {"from":{"node":"first","port":"main"},"to":{"node":"second","port":"main"}}]}""");
                assertThat(created.status()).as(created.body()).isEqualTo(201);
                String workflowId = created.json().get("workflow").get("id").asText();
                String inFlight = run(workflowId);
                awaitRun(inFlight, "start"); // then "first" runs, for 4 s

                CompletableFuture<ApiResponse> upgrade = CompletableFuture.supplyAsync(() -> install("2.0.0"));
                Thread.sleep(1000); // the swap has begun: the old version's run is still in flight
                String startedDuringSwap = run(workflowId);
                ApiResponse upgraded = upgrade.get(60, TimeUnit.SECONDS);
                assertThat(upgraded.status()).as(upgraded.body()).isEqualTo(200);
                assertThat(upgraded.json().get("version").asText()).isEqualTo("2.0.0");

                JsonNode first = Executions.awaitStatus(admin, inFlight, 30, "succeeded", "failed");
                assertThat(first.get("status").asText()).as(first.toString()).isEqualTo("succeeded");
                assertThat(ranOn(first, "first")).as("the run in flight finished on its version").isEqualTo("1.0.0");
                assertThat(ranOn(first, "second")).as("the next node ran on the new version").isEqualTo("2.0.0");
                JsonNode second = Executions.awaitStatus(admin, startedDuringSwap, 30, "succeeded", "failed");
                assertThat(second.get("status").asText()).as(second.toString()).isEqualTo("succeeded");
                assertThat(ranOn(second, "first")).isEqualTo("2.0.0");
            }
        }
    }

    private ApiResponse install(String version) {
        return admin.post("/api/v1/marketplace/install", "{\"id\":\"mkt-swap\",\"version\":\"" + version + "\"}");
    }

    /** Action {@code mkt-swap.stamp}: after {@code delayMillis}, emits an item stamped with this version. */
    private static TestPluginJar slowNode(String version, long delayMillis) {
        return TestPluginJar.plugin("mkt-swap", version).withPluginClass("test.mktswap")
                .source("test.mktswap.Stamp", """
                        package test.mktswap;
                        import io.leadflow.api.node.*;
                        import java.util.*;
                        import java.util.concurrent.*;
                        @org.pf4j.Extension
                        public class Stamp implements Action {
                            public NodeDescriptor descriptor() { return NodeDescriptor.action("mkt-swap.stamp").build(); }
                            public CompletionStage<NodeResult> execute(NodeInput input, NodeContext context) {
                                return CompletableFuture.supplyAsync(() -> NodeResult.items(List.of(
                                        Item.of(Map.of("ranOn", "%s")))),
                                    CompletableFuture.delayedExecutor(%d, TimeUnit.MILLISECONDS));
                            }
                        }
                        """.formatted(version, delayMillis));
    }

    private String run(String workflowId) {
        ApiResponse started = admin.post("/api/v1/workflows/" + workflowId + "/executions", "{\"payload\":{}}");
        assertThat(started.status()).as(started.body()).isIn(200, 201, 202);
        return started.json().get("executionId").asText();
    }

    private void awaitRun(String executionId, String nodeId) throws InterruptedException {
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
