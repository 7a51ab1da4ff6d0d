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
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A polling trigger plugin is polled at its interval with the cursor it returned last time; new
 * items start one execution each poll; the cursor survives a restart, so nothing is fetched twice.
 */
class PollingTriggerIT {

    @Test
    void pollsWithItsCursorAndStartsOneExecutionPerBatchOfNewItems() throws Exception {
        TestKernel kernel = TestKernel.start();
        try {
            ApiClient admin = kernel.admin();
            ApiResponse installed = ApiClientUpload.send(admin, "POST", "/api/v1/plugins", admin.token(),
                    TestPluginJar.plugin("poll", "1.0.0")
                            .withPluginClass("test.poll")
                            // a CRM with leads 1..5 that hands out two at a time after the cursor
                            .source("test.poll.NewLeads", """
                                    package test.poll;
                                    import io.leadflow.api.node.*;
                                    import io.leadflow.api.trigger.*;
                                    import java.util.*;
                                    @org.pf4j.Extension
                                    public class NewLeads implements PollingTrigger {
                                        public NodeDescriptor descriptor() { return NodeDescriptor.trigger("poll.new-leads").build(); }
                                        public java.time.Duration interval(TriggerContext context) { return java.time.Duration.ofSeconds(1); }
                                        public java.util.concurrent.CompletionStage<Poll> poll(String cursor, TriggerContext context) {
                                            int last = cursor == null ? 0 : Integer.parseInt(cursor);
                                            List<Item> items = new ArrayList<>();
                                            for (int n = last + 1; n <= Math.min(last + 2, 5); n++) {
                                                items.add(Item.of(Map.of("lead", n)));
                                            }
                                            return java.util.concurrent.CompletableFuture.completedFuture(
                                                    new Poll(items, Integer.toString(last + items.size())));
                                        }
                                    }
                                    """)
                            .build());
            assertThat(installed.status()).as(installed.body()).isEqualTo(201);
            String document = """
                    {"name":"New CRM leads","nodes":[{"id":"poll","name":"New leads","type":"poll.new-leads"},
                      {"id":"seen","name":"Seen","type":"core.set","config":{"mappings":{"seen":"true"}}}],
                     "edges":[{"from":{"node":"poll","port":"main"},"to":{"node":"seen","port":"main"}}]}""";
            EngineIT.installCore(kernel);
            ApiResponse created = admin.post("/api/v1/workflows", document);
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            String workflowId = created.json().get("workflow").get("id").asText();

            assertThat(admin.post("/api/v1/workflows/" + workflowId + "/activate", "").status()).isEqualTo(200);
            List<Integer> leads = awaitLeads(admin, workflowId, 2);
            assertThat(leads).startsWith(1, 2).doesNotHaveDuplicates();

            kernel = kernel.restart(); // the cursor is in the database, not in the kernel
            admin = kernel.admin();
            leads = awaitLeads(admin, workflowId, 5);
            assertThat(leads).containsExactly(1, 2, 3, 4, 5);
            Thread.sleep(2_500); // more polls find nothing new and start nothing
            assertThat(awaitLeads(admin, workflowId, 5)).containsExactly(1, 2, 3, 4, 5);
        } finally {
            kernel.close();
        }
    }

    /** The leads the workflow's executions saw, in order, once at least {@code count} are in. */
    private static List<Integer> awaitLeads(ApiClient admin, String workflowId, int count) throws InterruptedException {
        List<Integer> leads = new ArrayList<>();
        for (int attempt = 0; attempt < 150; attempt++) {
            leads.clear();
            JsonNode items = admin.get("/api/v1/executions?workflowId=" + workflowId).json().get("items");
            List<JsonNode> executions = new ArrayList<>();
            items.forEach(executions::add);
            java.util.Collections.reverse(executions); // oldest first
            for (JsonNode execution : executions) {
                JsonNode full = Executions.awaitStatus(admin, execution.get("id").asText(), 10, "succeeded");
                EngineIT.nodeRunOf(full, "seen").get("output").get("main")
                        .forEach(item -> leads.add(item.get("lead").asInt()));
            }
            if (leads.size() >= count) {
                return leads;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("only " + leads + " after 15 s");
    }
}
