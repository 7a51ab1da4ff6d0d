package io.leadflow.kernel.lead;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadflow.kernel.testing.ApiClient;
import io.leadflow.kernel.testing.ApiClientUpload;
import io.leadflow.kernel.testing.ApiResponse;
import io.leadflow.kernel.testing.Executions;
import io.leadflow.kernel.testing.RawDatabase;
import io.leadflow.kernel.testing.TestKernel;
import io.leadflow.kernel.testing.TestPluginJar;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * GDPR: the export holds everything about a lead (fields, consent, messages, the executions that
 * touched it, its audit trail); erasure stops its waiting executions and leaves no trace of its
 * email, phone or names in the API, in the stored executions that carried it, or in the database.
 */
class LeadErasureIT {
    private static final String EMAIL = "Erin.Erasmus@Forget-Me.example";
    private static final String PHONE_AS_TYPED = "(650) 253-0177";
    private static final String PHONE_DIGITS = "6502530177";
    private static final String FIRST = "Erin";
    private static final String LAST = "Erasmus";

    private static byte[] plugin() {
        return TestPluginJar.plugin("crm", "1.0.0")
                .withPluginClass("test.crm")
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
                .source("test.crm.Upsert", """
                        package test.crm;
                        import io.leadflow.api.node.*;
                        import java.util.*;
                        @org.pf4j.Extension
                        public class Upsert implements Action {
                            public NodeDescriptor descriptor() { return NodeDescriptor.action("crm.upsert").build(); }
                            public java.util.concurrent.CompletionStage<NodeResult> execute(NodeInput input, NodeContext context) {
                                Map<String, Object> item = input.items().get(0).json();
                                Map<String, Object> fields = new LinkedHashMap<>();
                                fields.put("firstName", item.get("first"));
                                fields.put("lastName", item.get("last"));
                                fields.put("emails", List.of(item.get("email")));
                                fields.put("phones", List.of(item.get("phone")));
                                return context.leads().upsert(fields).thenApply(lead -> {
                                    Map<String, Object> out = new LinkedHashMap<>(lead);
                                    out.put("greeting", "Hello " + item.get("first") + ", we will call " + item.get("phone"));
                                    out.put("count", 1);
                                    return NodeResult.items(List.of(Item.of(out)));
                                });
                            }
                        }
                        """)
                .source("test.crm.Hold", """
                        package test.crm;
                        import io.leadflow.api.node.*;
                        @org.pf4j.Extension
                        public class Hold implements Action {
                            public NodeDescriptor descriptor() { return NodeDescriptor.action("crm.hold").build(); }
                            public java.util.concurrent.CompletionStage<NodeResult> execute(NodeInput input, NodeContext context) {
                                return java.util.concurrent.CompletableFuture.completedFuture(new NodeResult.WaitUntil(
                                        java.time.Instant.now().plus(java.time.Duration.ofDays(2)), input.items()));
                            }
                        }
                        """)
                .build();
    }

    private static String workflow(ApiClient admin, String name, String... types) {
        StringBuilder nodes = new StringBuilder();
        StringBuilder edges = new StringBuilder();
        for (int i = 0; i < types.length; i++) {
            nodes.append(i == 0 ? "" : ",").append("{\"id\":\"n").append(i).append("\",\"name\":\"N").append(i)
                    .append("\",\"type\":\"").append(types[i]).append("\"}");
            if (i > 0) {
                edges.append(i == 1 ? "" : ",").append("{\"from\":{\"node\":\"n").append(i - 1)
                        .append("\",\"port\":\"main\"},\"to\":{\"node\":\"n").append(i).append("\",\"port\":\"main\"}}");
            }
        }
        ApiResponse created = admin.post("/api/v1/workflows", "{\"name\":\"" + name + "\",\"nodes\":[" + nodes
                + "],\"edges\":[" + edges + "]}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("workflow").get("id").asText();
    }

    private static String run(ApiClient admin, String workflowId) {
        ApiResponse started = admin.post("/api/v1/workflows/" + workflowId + "/executions", "{\"payload\":{\"first\":\""
                + FIRST + "\",\"last\":\"" + LAST + "\",\"email\":\"" + EMAIL + "\",\"phone\":\"" + PHONE_AS_TYPED
                + "\",\"note\":\"met " + FIRST + " " + LAST + " at the fair\",\"plan\":\"pro\"}}");
        assertThat(started.status()).as(started.body()).isIn(200, 201, 202);
        return started.json().get("executionId").asText();
    }

    private static void assertNoPii(String text, String where) {
        String lower = text.toLowerCase(Locale.ROOT);
        assertThat(lower).as(where).doesNotContain(EMAIL.toLowerCase(Locale.ROOT), "forget-me", PHONE_DIGITS,
                "253-0177", "erin", "erasmus");
    }

    @Test
    void exportListsEverythingAndErasureLeavesNoTraceAnywhere() throws Exception {
        try (TestKernel kernel = TestKernel.start()) {
            ApiClient admin = kernel.admin();
            ApiResponse installed = ApiClientUpload.send(admin, "POST", "/api/v1/plugins", admin.token(), plugin());
            assertThat(installed.status()).as(installed.body()).isEqualTo(201);
            String capture = workflow(admin, "Capture", "crm.start", "crm.upsert");
            String nurture = workflow(admin, "Nurture", "crm.start", "crm.upsert", "crm.hold");
            String passThrough = workflow(admin, "Pass", "crm.start", "crm.start");

            String done = run(admin, capture);
            assertThat(Executions.awaitStatus(admin, done, 20, "succeeded", "failed").get("status").asText())
                    .isEqualTo("succeeded");
            String waiting = run(admin, nurture);
            assertThat(Executions.awaitStatus(admin, waiting, 20, "waiting", "failed").get("status").asText())
                    .isEqualTo("waiting");
            // never touches the lead store, but carries the lead's email in its payload
            String carrier = run(admin, passThrough);
            Executions.awaitStatus(admin, carrier, 20, "succeeded", "failed");
            String bystander = admin.post("/api/v1/workflows/" + passThrough + "/executions",
                    "{\"payload\":{\"first\":\"Other\",\"note\":\"not about the lead\"}}").json().get("executionId").asText();
            Executions.awaitStatus(admin, bystander, 20, "succeeded", "failed");
            assertThat(admin.get("/api/v1/executions/" + done).body()).contains(EMAIL, PHONE_AS_TYPED, "Hello Erin");

            JsonNode lead = admin.get("/api/v1/leads?email=" + EMAIL).json().get("items").get(0);
            String id = lead.get("id").asText();
            assertThat(admin.patch("/api/v1/leads/" + id, "{\"consent\":{\"sms\":{\"state\":\"opted_out\",\"source\":\"STOP\"}}}")
                    .status()).isEqualTo(200);

            JsonNode export = admin.get("/api/v1/leads/" + id + "/export").json();
            assertThat(export.get("lead").get("lastName").asText()).isEqualTo(LAST);
            assertThat(export.get("consent").get("sms").get("state").asText()).isEqualTo("opted_out");
            assertThat(export.get("messages").isArray()).isTrue();
            assertThat(export.get("messages")).isEmpty(); // no messaging tables yet
            List<String> executions = new ArrayList<>();
            export.get("executions").forEach(execution -> executions.add(execution.get("id").asText()));
            assertThat(executions).containsExactlyInAnyOrder(done, waiting);
            JsonNode first = export.get("executions").get(0);
            assertThat(first.get("workflowId").asText()).isIn(capture, nurture);
            assertThat(first.get("leadActions").toString()).contains("lead.");
            List<String> trail = new ArrayList<>();
            export.get("auditTrail").forEach(row -> trail.add(row.get("actorType").asText() + ":" + row.get("action").asText()));
            assertThat(trail).contains("workflow:lead.created", "workflow:lead.merged", "user:lead.listed",
                    "user:lead.updated", "user:lead.exported");

            assertThat(admin.delete("/api/v1/leads/" + id).status()).isEqualTo(204);

            // the waiting execution was stopped; the finished ones keep their history, scrubbed
            assertThat(admin.get("/api/v1/executions/" + waiting).json().get("status").asText()).isEqualTo("canceled");
            for (String execution : List.of(done, waiting, carrier)) {
                String stored = admin.get("/api/v1/executions/" + execution).body();
                assertNoPii(stored, "execution " + execution);
                assertThat(stored).contains(LeadPiiScrubber.ERASED);
            }
            JsonNode kept = admin.get("/api/v1/executions/" + done).json();
            assertThat(kept.toString()).contains("\"plan\":\"pro\"", "\"count\":1");
            assertThat(admin.get("/api/v1/executions/" + bystander).body()).contains("Other", "not about the lead");

            // the API no longer knows the lead
            assertThat(admin.get("/api/v1/leads/" + id).status()).isEqualTo(404);
            assertThat(admin.get("/api/v1/leads?email=" + EMAIL).json().get("items")).isEmpty();
            assertThat(admin.get("/api/v1/leads?q=erasmus").json().get("items")).isEmpty();
            assertNoPii(admin.get("/api/v1/audit?limit=500").body(), "audit API");
            JsonNode deleted = admin.get("/api/v1/audit?action=lead.deleted&targetId=" + id).json().get("items").get(0);
            assertThat(deleted.get("detail").get("executionsCanceled").toString()).contains(waiting);
            assertThat(deleted.get("detail").get("valuesErased").asInt()).isPositive();

            // nor does a direct read of any table that could hold it
            for (String table : List.of("lead", "lead_search", "node_run", "work_item", "execution", "audit_log")) {
                assertNoPii(RawDatabase.dump(kernel, table), "table " + table);
            }

            ApiResponse again = admin.post("/api/v1/leads", "{\"emails\":[\"" + EMAIL + "\"]}");
            assertThat(again.status()).as(again.body()).isEqualTo(201);
            assertThat(again.json().get("id").asText()).isNotEqualTo(id);
            assertThat(again.json().get("merged").asBoolean()).isFalse();
        }
    }
}
