package io.leadflow.kernel.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadflow.kernel.testing.ApiClient;
import io.leadflow.kernel.testing.ApiClientUpload;
import io.leadflow.kernel.testing.ApiResponse;
import io.leadflow.kernel.testing.Executions;
import io.leadflow.kernel.testing.TestKernel;
import io.leadflow.kernel.testing.TestPluginJar;
import org.junit.jupiter.api.Test;

/** A node's lead access goes to the real lead store, audited against the execution. */
class NodeLeadAccessIT {

    @Test
    void aNodeUpsertsALeadAndTheAccessIsAuditedAsTheExecution() throws Exception {
        try (TestKernel kernel = TestKernel.start()) {
            ApiClient admin = kernel.admin();
            ApiResponse installed = ApiClientUpload.send(admin, "POST", "/api/v1/plugins", admin.token(),
                    TestPluginJar.plugin("crm", "1.0.0")
                            .withPluginClass("test.crm")
                            .source("test.crm.Upsert", """
                                    package test.crm;
                                    import io.leadflow.api.node.*;
                                    import java.util.*;
                                    @org.pf4j.Extension
                                    public class Upsert implements Action {
                                        public NodeDescriptor descriptor() { return NodeDescriptor.action("crm.upsert").build(); }
                                        public java.util.concurrent.CompletionStage<NodeResult> execute(NodeInput input, NodeContext context) {
                                            Map<String, Object> fields = new LinkedHashMap<>();
                                            fields.put("firstName", input.items().get(0).get("name"));
                                            fields.put("emails", List.of(input.items().get(0).get("email")));
                                            return context.leads().upsert(fields)
                                                .thenCompose(lead -> context.leads().findByEmail((String) input.items().get(0).get("email")))
                                                .thenApply(found -> NodeResult.items(List.of(Item.of(found.orElseThrow()))));
                                        }
                                    }
                                    """)
                            .source("test.crm.Start", """
                                    package test.crm;
                                    import io.leadflow.api.node.*;
                                    @org.pf4j.Extension
                                    public class Start implements Action {
                                        public NodeDescriptor descriptor() { return NodeDescriptor.action("crm.start").build(); }
                                        public java.util.concurrent.CompletionStage<NodeResult> execute(NodeInput input, NodeContext context) {
                                            return java.util.concurrent.CompletableFuture.completedFuture(NodeResult.items(input.items()));
                                        }
                                    }
                                    """)
                            .build());
            assertThat(installed.status()).as(installed.body()).isEqualTo(201);
            String document = """
                    {"name":"Capture","nodes":[
                      {"id":"a","name":"Start","type":"crm.start"},
                      {"id":"b","name":"Upsert","type":"crm.upsert"}],
                     "edges":[{"from":{"node":"a","port":"main"},"to":{"node":"b","port":"main"}}]}""";
            ApiResponse created = admin.post("/api/v1/workflows", document);
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            String workflowId = created.json().get("workflow").get("id").asText();
            String executionId = admin.post("/api/v1/workflows/" + workflowId + "/executions",
                    "{\"payload\":{\"name\":\"Ada\",\"email\":\"ada@example.com\"}}").json().get("executionId").asText();

            JsonNode execution = Executions.awaitStatus(admin, executionId, 20, "succeeded", "failed");
            assertThat(execution.get("status").asText()).as(execution.toString()).isEqualTo("succeeded");
            JsonNode lead = EngineIT.nodeRun(execution, "b").get("output").get("main").get(0);
            assertThat(lead.get("firstName").asText()).isEqualTo("Ada");
            String leadId = lead.get("id").asText();
            assertThat(admin.get("/api/v1/leads/" + leadId).json().get("emails").get(0).asText()).isEqualTo("ada@example.com");
            assertThat(admin.get("/api/v1/audit?actorId=" + executionId).json().get("items"))
                    .extracting(row -> row.get("actorType").asText() + ":" + row.get("action").asText())
                    .contains("workflow:lead.created");
        }
    }
}
