package io.leadflow.kernel.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadflow.kernel.testing.ApiClient;
import io.leadflow.kernel.testing.ApiClientUpload;
import io.leadflow.kernel.testing.Executions;
import io.leadflow.kernel.testing.TestKernel;
import io.leadflow.kernel.testing.TestPluginJar;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A node that throws or hangs fails its own run with a recorded error; the kernel goes on. */
class NodeIsolationIT {

    @Test
    void throwingAndHangingNodesFailTheirRunsOnly() throws Exception {
        try (TestKernel kernel = TestKernel.start(Map.of("LEADFLOW_NODE_TIMEOUT_MILLIS", "1000"))) {
            ApiClient admin = kernel.admin();
            String nodes = """
                    package test.bad;
                    import io.leadflow.api.node.*;
                    @org.pf4j.Extension
                    public class %s implements Action {
                        public NodeDescriptor descriptor() { return NodeDescriptor.action("bad.%s").build(); }
                        public java.util.concurrent.CompletionStage<NodeResult> execute(NodeInput i, NodeContext c) {
                            %s
                        }
                    }
                    """;
            assertThat(ApiClientUpload.send(admin, "POST", "/api/v1/plugins", admin.token(),
                    TestPluginJar.plugin("bad", "1.0.0")
                            .withPluginClass("test.bad")
                            .source("test.bad.Thrower", nodes.formatted("Thrower", "thrower",
                                    "throw new IllegalStateException(\"boom at run time\");"))
                            .source("test.bad.Hanger", nodes.formatted("Hanger", "hanger",
                                    "return new java.util.concurrent.CompletableFuture<>();"))
                            .source("test.bad.Start", nodes.formatted("Start", "start",
                                    "return java.util.concurrent.CompletableFuture.completedFuture(NodeResult.items(i.items()));"))
                            .build()).status()).isEqualTo(201);
            for (String bad : new String[] {"thrower", "hanger"}) {
                String document = """
                        {"name":"%s","nodes":[{"id":"a","name":"Start","type":"bad.start"},
                          {"id":"b","name":"Bad","type":"bad.%s"}],
                         "edges":[{"from":{"node":"a","port":"main"},"to":{"node":"b","port":"main"}}]}"""
                        .formatted(bad, bad);
                String id = admin.post("/api/v1/workflows", document).json().get("workflow").get("id").asText();
                String executionId = admin.post("/api/v1/workflows/" + id + "/executions", "{}").json()
                        .get("executionId").asText();
                JsonNode execution = Executions.awaitStatus(admin, executionId, 20, "failed", "succeeded");
                assertThat(execution.get("status").asText()).as(bad).isEqualTo("failed");
                String error = EngineIT.nodeRunOf(execution, "b").get("error").asText();
                assertThat(error).as(bad).contains(bad.equals("thrower") ? "boom at run time" : "did not finish within 1000 ms");
            }
            assertThat(admin.get("/api/v1/health").status()).isEqualTo(200);
        }
    }
}
