package io.leadflow.kernel.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadflow.kernel.testing.ApiClient;
import io.leadflow.kernel.testing.ApiClientUpload;
import io.leadflow.kernel.testing.ApiResponse;
import io.leadflow.kernel.testing.Executions;
import io.leadflow.kernel.testing.TestKernel;
import io.leadflow.kernel.testing.TestPluginJar;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A third-party node emitting on two output ports at once (NodeResult.toPorts) feeds both branches in one run. */
class MultiPortRoutingIT {

    @Test
    void itemsOnTwoOutputPortsReachTheNodesConnectedToEach() throws Exception {
        try (TestKernel kernel = TestKernel.start()) {
            ApiClient admin = kernel.admin();
            ApiResponse installed = ApiClientUpload.send(admin, "POST", "/api/v1/plugins", admin.token(),
                    TestPluginJar.plugin("triage", "1.0.0")
                            .withPluginClass("test.triage")
                            .header("Import-Package",
                                    "io.leadflow.api.node;version=\"[1.5,2)\",io.leadflow.api;version=\"[1.0,2)\"")
                            .source("test.triage.Split", """
                                    package test.triage;
                                    import io.leadflow.api.node.*;
                                    import java.util.*;
                                    import java.util.concurrent.*;
                                    @org.pf4j.Extension
                                    public class Split implements Action {
                                        public NodeDescriptor descriptor() {
                                            return NodeDescriptor.action("triage.split").input(Port.mainPort())
                                                .output(Port.of("accepted", "Accepted")).output(Port.of("rejected", "Rejected")).build();
                                        }
                                        public CompletionStage<NodeResult> execute(NodeInput input, NodeContext context) {
                                            List<Item> accepted = new ArrayList<>();
                                            List<Item> rejected = new ArrayList<>();
                                            for (Object email : (List<?>) input.items().get(0).get("emails")) {
                                                (email.toString().contains("@") ? accepted : rejected).add(Item.of(Map.of("email", email)));
                                            }
                                            return CompletableFuture.completedFuture(
                                                NodeResult.toPorts(Map.of("accepted", accepted, "rejected", rejected)));
                                        }
                                    }
                                    """)
                            .source("test.triage.Mark", """
                                    package test.triage;
                                    import io.leadflow.api.node.*;
                                    import java.util.*;
                                    import java.util.concurrent.*;
                                    @org.pf4j.Extension
                                    public class Mark implements Action {
                                        static final Property<String> AS = Property.string("as").required().build();
                                        public NodeDescriptor descriptor() { return NodeDescriptor.action("triage.mark").properties(AS).build(); }
                                        public CompletionStage<NodeResult> execute(NodeInput input, NodeContext context) {
                                            List<Item> out = new ArrayList<>();
                                            for (Item item : input.items()) {
                                                Map<String, Object> json = new LinkedHashMap<>(item.json());
                                                json.put("marked", context.config().get(AS));
                                                out.add(Item.of(json));
                                            }
                                            return CompletableFuture.completedFuture(NodeResult.items(out));
                                        }
                                    }
                                    """)
                            .build());
            assertThat(installed.status()).as(installed.body()).isEqualTo(201);
            String document = """
                    {"name":"Triage","nodes":[
                      {"id":"start","name":"Start","type":"triage.mark","config":{"as":"received"}},
                      {"id":"split","name":"Split","type":"triage.split"},
                      {"id":"good","name":"Good","type":"triage.mark","config":{"as":"good"}},
                      {"id":"bad","name":"Bad","type":"triage.mark","config":{"as":"bad"}}],
                     "edges":[
                      {"from":{"node":"start","port":"main"},"to":{"node":"split","port":"main"}},
                      {"from":{"node":"split","port":"accepted"},"to":{"node":"good","port":"main"}},
                      {"from":{"node":"split","port":"rejected"},"to":{"node":"bad","port":"main"}}]}""";
            ApiResponse created = admin.post("/api/v1/workflows", document);
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            String workflowId = created.json().get("workflow").get("id").asText();
            String executionId = admin.post("/api/v1/workflows/" + workflowId + "/executions",
                    "{\"payload\":{\"emails\":[\"ada@example.com\",\"not-an-address\",\"bob@example.com\"]}}")
                    .json().get("executionId").asText();

            JsonNode execution = Executions.awaitStatus(admin, executionId, 20, "succeeded", "failed");
            assertThat(execution.get("status").asText()).as(execution.toString()).isEqualTo("succeeded");
            JsonNode split = EngineIT.nodeRun(execution, "split").get("output");
            assertThat(split.get("accepted")).as(execution.toString()).hasSize(2);
            assertThat(split.has("main")).isFalse();
            assertThat(split.get("rejected")).hasSize(1);
            assertThat(marked(EngineIT.nodeRun(execution, "good")))
                    .containsExactly("ada@example.com:good", "bob@example.com:good");
            assertThat(marked(EngineIT.nodeRun(execution, "bad"))).containsExactly("not-an-address:bad");
        }
    }

    private static List<String> marked(JsonNode run) {
        List<String> seen = new ArrayList<>();
        run.get("output").get("main").forEach(item ->
                seen.add(item.get("email").asText() + ":" + item.get("marked").asText()));
        return seen;
    }
}
