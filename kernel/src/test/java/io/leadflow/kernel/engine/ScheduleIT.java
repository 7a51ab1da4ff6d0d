package io.leadflow.kernel.engine;

import static io.leadflow.kernel.engine.EngineIT.edge;
import static io.leadflow.kernel.engine.EngineIT.node;
import static io.leadflow.kernel.engine.EngineIT.workflow;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadflow.kernel.testing.ApiClient;
import io.leadflow.kernel.testing.TestKernel;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Two kernels on one database fire a schedule exactly once per due minute. */
class ScheduleIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aScheduleFiresOnceEvenWithTwoKernels() throws Exception {
        TestKernel first = TestKernel.start();
        TestKernel second = null;
        try {
            EngineIT.installCore(first);
            second = TestKernel.startOn(first.databaseUrl(), Map.of());
            EngineIT.installCore(second);
            ApiClient admin = first.admin();
            ObjectNode doc = workflow("Every minute");
            node(doc, "tick", "Tick", "core.schedule", JSON.createObjectNode().put("cron", "* * * * *")
                    .put("timezone", "Europe/Berlin"));
            node(doc, "mark", "Mark", "core.set", JSON.createObjectNode().set("mappings",
                    JSON.createObjectNode().put("fired", "true")));
            edge(doc, "tick", "main", "mark", "main");
            String id = admin.post("/api/v1/workflows", doc.toString()).json().get("workflow").get("id").asText();
            awayFromMinuteBoundary(); // so the first due minute after activation is known
            assertThat(admin.post("/api/v1/workflows/" + id + "/activate", "").status()).isEqualTo(200);
            Instant nextMinute = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
            // the second kernel learns of the activation from the database within seconds;
            // schedules have minute granularity: wait for one firing
            Thread.sleep(Math.max(0, nextMinute.toEpochMilli() - System.currentTimeMillis() + 2_000));

            JsonNode executions = executionsOf(admin, id, Instant.now().plusSeconds(20));
            assertThat(executions).as("one firing across both kernels").hasSize(1);
            JsonNode execution = executions.get(0);
            assertThat(execution.get("mode").asText()).isEqualTo("schedule");
            JsonNode detail = admin.get("/api/v1/executions/" + execution.get("id").asText()).json();
            JsonNode scheduledAt = detail.get("nodeRuns").get(0).get("output").get("main").get(0).get("scheduledAt");
            assertThat(Instant.parse(scheduledAt.asText())).isEqualTo(nextMinute);
        } finally {
            if (second != null) {
                second.close();
            }
            first.close();
        }
    }

    /** Sleeps past the next minute boundary if it is under 10 s away. */
    private static void awayFromMinuteBoundary() throws InterruptedException {
        long toNextMinute = 60_000 - System.currentTimeMillis() % 60_000;
        if (toNextMinute < 10_000) {
            Thread.sleep(toNextMinute + 500);
        }
    }

    /** The workflow's executions, once there is at least one or the deadline passes. */
    private static JsonNode executionsOf(ApiClient admin, String workflowId, Instant deadline) throws Exception {
        while (true) {
            JsonNode items = admin.get("/api/v1/executions?workflowId=" + workflowId).json().get("items");
            if (items.size() > 0 || Instant.now().isAfter(deadline)) {
                return items;
            }
            Thread.sleep(200);
        }
    }
}
