package io.leadflow.kernel.engine;

import static io.leadflow.kernel.engine.EngineIT.edge;
import static io.leadflow.kernel.engine.EngineIT.node;
import static io.leadflow.kernel.engine.EngineIT.workflow;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadflow.kernel.testing.ApiClient;
import io.leadflow.kernel.testing.ApiResponse;
import io.leadflow.kernel.testing.Executions;
import io.leadflow.kernel.testing.TestKernel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two kernel processes on one PostgreSQL (and one plugins folder): they share the queue, a
 * kernel that stops leaves its executions to the other, and live events reach the WebSocket
 * clients of both.
 */
class ScaleOutIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void twoKernelsShareExecutionsAndLiveEvents() throws Exception {
        TestKernel first = TestKernel.start();
        TestKernel second = null;
        try {
            EngineIT.installCore(first);
            second = TestKernel.startOn(first.databaseUrl(), Map.of("LEADFLOW_DATA_DIR", first.setting("LEADFLOW_DATA_DIR")));
            ApiClient onFirst = first.admin();
            ApiClient onSecond = second.admin();

            ObjectNode quick = workflow("Quick");
            node(quick, "start", "Start", "core.manual", null);
            node(quick, "tag", "Tag", "core.set", JSON.createObjectNode().set("mappings",
                    JSON.createObjectNode().put("tagged", "true")));
            edge(quick, "start", "main", "tag", "main");
            String quickId = create(onFirst, quick);

            // an execution run by the first kernel is seen live by a client of the second
            EngineIT.Live live = EngineIT.Live.subscribe(second.kernel().port(), onSecond.token(), "workflow:" + quickId);
            boolean relayed = false;
            for (int attempt = 0; attempt < 8 && !relayed; attempt++) {
                // the first kernel relays once its heartbeat has seen the second one
                String executionId = start(onFirst, quickId);
                try {
                    assertThat(live.typesUntil("execution.finished", executionId, 2)).contains("node.finished");
                    relayed = true;
                } catch (AssertionError notYet) {
                    Executions.awaitStatus(onFirst, executionId, 10, "succeeded");
                }
            }
            assertThat(relayed).as("a live event relayed from the other kernel").isTrue();

            // executions parked at a wait are taken by the kernel that is left once the first stops
            ObjectNode waiting = workflow("Wait then tag");
            node(waiting, "start", "Start", "core.manual", null);
            node(waiting, "pause", "Pause", "core.wait", JSON.createObjectNode().put("mode", "duration").put("amount", 2)
                    .put("unit", "seconds"));
            node(waiting, "after", "After", "core.set", JSON.createObjectNode().set("mappings",
                    JSON.createObjectNode().put("done", "true")));
            edge(waiting, "start", "main", "pause", "main");
            edge(waiting, "pause", "main", "after", "main");
            String waitingId = create(onFirst, waiting);
            List<String> executions = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                executions.add(start(i % 2 == 0 ? onFirst : onSecond, waitingId));
            }
            first.close();
            for (String executionId : executions) {
                JsonNode done = Executions.awaitStatus(onSecond, executionId, 30, "succeeded", "failed");
                assertThat(done.get("status").asText()).isEqualTo("succeeded");
                assertThat(EngineFlowIT.runsOf(done, "after")).hasSize(1);
                assertThat(EngineFlowIT.runsOf(done, "start")).hasSize(1);
            }
        } finally {
            if (second != null) {
                second.close();
            }
            first.close();
        }
    }

    private static String create(ApiClient client, ObjectNode doc) {
        ApiResponse created = client.post("/api/v1/workflows", doc.toString());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("workflow").get("id").asText();
    }

    private static String start(ApiClient client, String workflowId) {
        ApiResponse accepted = client.post("/api/v1/workflows/" + workflowId + "/executions", "{\"payload\":{\"n\":1}}");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        return accepted.json().get("executionId").asText();
    }
}
