package io.leadflow.kernel.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.leadflow.kernel.bench.DashboardBenchmark;
import io.leadflow.kernel.testing.ApiClient;
import io.leadflow.kernel.testing.ApiClientUpload;
import io.leadflow.kernel.testing.ApiResponse;
import io.leadflow.kernel.testing.Executions;
import io.leadflow.kernel.testing.TestKernel;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The dashboard counts what really happened: leads created over the API (an erased one too) and
 * executions of real core-node workflows in every status, per bucket and in total, with the failing
 * workflow named; any role reads it; and it answers within budget over 10,000 leads and executions.
 */
class DashboardIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void countsLeadsAndExecutionsByStatusAndNamesTheFailingWorkflow() throws Exception {
        HttpServer provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        provider.createContext("/", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        provider.start();
        try (TestKernel kernel = TestKernel.start()) {
            installCore(kernel);
            ApiClient editor = kernel.userWithRole("dashboard-editor", "editor");
            ApiClient viewer = kernel.userWithRole("dashboard-viewer", "viewer");

            JsonNode empty = dashboard(viewer, "24h");
            assertThat(empty.get("totals").get("leadsCreated").asLong()).isZero();
            assertThat(empty.get("totals").get("executions").asLong()).isZero();
            assertThat(empty.get("failingWorkflows")).isEmpty();

            List<String> leads = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ApiResponse created = editor.post("/api/v1/leads", "{\"firstName\":\"Lead " + i
                        + "\",\"emails\":[\"dashboard-" + i + "@example.com\"],\"source\":\"web-form\"}");
                assertThat(created.status()).as(created.body()).isEqualTo(201);
                leads.add(created.json().get("id").asText());
            }
            // an erased lead was still created: its tombstone counts
            assertThat(editor.delete("/api/v1/leads/" + leads.get(0)).status()).isBetween(200, 299);

            ObjectNode good = workflow("Welcome lead");
            node(good, "start", "Start", "core.manual", null);
            node(good, "tag", "Tag", "core.set", JSON.createObjectNode().set("mappings",
                    JSON.createObjectNode().put("welcomed", "true")));
            edge(good, "start", "tag");
            ObjectNode broken = workflow("Push to CRM");
            node(broken, "start", "Start", "core.manual", null);
            node(broken, "call", "Call CRM", "core.http-request", JSON.createObjectNode()
                    .put("url", "http://127.0.0.1:" + provider.getAddress().getPort() + "/missing"));
            edge(broken, "start", "call");
            ObjectNode patient = workflow("Follow up in an hour");
            node(patient, "start", "Start", "core.manual", null);
            node(patient, "pause", "Pause", "core.wait", JSON.createObjectNode().put("mode", "duration")
                    .put("amount", 1).put("unit", "hours"));
            edge(patient, "start", "pause");
            String goodId = create(editor, good);
            String brokenId = create(editor, broken);
            String patientId = create(editor, patient);

            for (int i = 0; i < 3; i++) {
                Executions.awaitStatus(editor, run(editor, goodId), 30, "succeeded");
            }
            for (int i = 0; i < 2; i++) {
                Executions.awaitStatus(editor, run(editor, brokenId), 30, "failed");
            }
            String waiting = run(editor, patientId);
            String canceled = run(editor, patientId);
            Executions.awaitStatus(editor, waiting, 30, "waiting");
            Executions.awaitStatus(editor, canceled, 30, "waiting");
            assertThat(editor.post("/api/v1/executions/" + canceled + "/cancel", "{}").status()).isEqualTo(200);
            Executions.awaitStatus(editor, canceled, 30, "canceled");

            for (String range : List.of("24h", "7d", "30d")) {
                JsonNode body = dashboard(viewer, range);
                assertThat(body.get("range").asText()).isEqualTo(range);
                int buckets = switch (range) {
                    case "24h" -> 24;
                    case "7d" -> 28;
                    default -> 30;
                };
                assertThat(body.get("bucket").asText()).isEqualTo(switch (range) {
                    case "24h" -> "1h";
                    case "7d" -> "6h";
                    default -> "1d";
                });
                assertThat(body.get("leadsCreated")).hasSize(buckets);
                assertThat(body.get("executions")).hasSize(buckets);
                JsonNode totals = body.get("totals");
                assertThat(totals.get("leadsCreated").asLong()).as(range).isEqualTo(3);
                assertThat(totals.get("executions").asLong()).as(range).isEqualTo(7);
                assertThat(totals.get("succeeded").asLong()).as(range).isEqualTo(3);
                assertThat(totals.get("failed").asLong()).as(range).isEqualTo(2);
                assertThat(totals.get("waiting").asLong()).as(range).isEqualTo(1);
                assertThat(totals.get("canceled").asLong()).as(range).isEqualTo(1);
                assertThat(totals.get("running").asLong()).as(range).isZero();
                assertThat(totals.get("failingWorkflows").asLong()).isEqualTo(1);
                assertThat(totals.get("openCircuits").asLong()).isZero();

                long leadSum = 0;
                long failedSum = 0;
                for (JsonNode point : body.get("leadsCreated")) {
                    leadSum += point.get("count").asLong();
                }
                for (JsonNode point : body.get("executions")) {
                    failedSum += point.get("failed").asLong();
                }
                assertThat(leadSum).isEqualTo(3);
                assertThat(failedSum).isEqualTo(2);
                // everything happened just now: in the newest bucket, or the one before when the test straddled a boundary
                JsonNode newest = body.get("leadsCreated").get(buckets - 1);
                JsonNode before = body.get("leadsCreated").get(buckets - 2);
                assertThat(newest.get("count").asLong() + before.get("count").asLong()).isEqualTo(3);
                assertThat(java.time.Instant.parse(newest.get("t").asText()))
                        .isBefore(java.time.Instant.now().plusSeconds(1));

                JsonNode failing = body.get("failingWorkflows");
                assertThat(failing).hasSize(1);
                assertThat(failing.get(0).get("id").asText()).isEqualTo(brokenId);
                assertThat(failing.get(0).get("name").asText()).isEqualTo("Push to CRM");
                assertThat(failing.get(0).get("failures").asLong()).isEqualTo(2);
                assertThat(failing.get(0).get("lastFailureAt").asText()).isNotBlank();
                assertThat(body.get("openCircuits")).isEmpty();
            }

            ApiResponse unknown = viewer.get("/api/v1/dashboard?range=1y");
            assertThat(unknown.status()).isEqualTo(400);
            assertThat(unknown.header("Content-Type")).startsWith("application/problem+json");
            assertThat(unknown.body()).contains("range");
            assertThat(kernel.anonymous().get("/api/v1/dashboard").status()).isEqualTo(401);
            assertThat(viewer.get("/api/v1/dashboard").json().get("range").asText()).isEqualTo("24h");
        } finally {
            provider.stop(0);
        }
    }

    @Test
    void answersWithinBudgetOverTenThousandLeadsAndExecutions() throws Exception {
        try (TestKernel kernel = TestKernel.start()) {
            DashboardBenchmark.seed(kernel.databaseUrl(), 10_000, 10_000, 20);
            ApiClient viewer = kernel.userWithRole("dashboard-reader", "viewer");
            for (String range : List.of("24h", "7d", "30d")) {
                dashboard(viewer, range); // warm: plans cached, pages in memory
                long[] millis = new long[5];
                JsonNode body = null;
                for (int i = 0; i < millis.length; i++) {
                    long started = System.nanoTime();
                    body = dashboard(viewer, range);
                    millis[i] = (System.nanoTime() - started) / 1_000_000;
                }
                java.util.Arrays.sort(millis);
                assertThat(millis[2]).as("median answer of %s in ms", range).isLessThan(500);
                if (range.equals("30d")) {
                    assertThat(body.get("totals").get("leadsCreated").asLong()).isEqualTo(10_000);
                    assertThat(body.get("totals").get("executions").asLong()).isEqualTo(10_000);
                    assertThat(body.get("failingWorkflows").size()).isBetween(1, 10);
                }
            }
        }
    }

    private static JsonNode dashboard(ApiClient client, String range) {
        ApiResponse response = client.get("/api/v1/dashboard?range=" + range);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static void installCore(TestKernel target) throws Exception {
        ApiClient admin = target.admin();
        Path core;
        try (Stream<Path> files = Files.list(Path.of("target", "first-party-plugins"))) {
            core = files.filter(path -> path.getFileName().toString().contains("core-nodes")).findFirst().orElseThrow();
        }
        assertThat(ApiClientUpload.send(admin, "POST", "/api/v1/plugins", admin.token(), Files.readAllBytes(core))
                .status()).isEqualTo(201);
    }

    private static ObjectNode workflow(String name) {
        ObjectNode doc = JSON.createObjectNode().put("name", name);
        doc.putArray("nodes");
        doc.putArray("edges");
        return doc;
    }

    private static void node(ObjectNode doc, String id, String name, String type, ObjectNode config) {
        ObjectNode node = ((ArrayNode) doc.get("nodes")).addObject().put("id", id).put("name", name).put("type", type);
        if (config != null) {
            node.set("config", config);
        }
    }

    private static void edge(ObjectNode doc, String from, String to) {
        ObjectNode edge = ((ArrayNode) doc.get("edges")).addObject();
        edge.putObject("from").put("node", from).put("port", "main");
        edge.putObject("to").put("node", to).put("port", "main");
    }

    private static String create(ApiClient editor, ObjectNode doc) {
        ApiResponse created = editor.post("/api/v1/workflows", doc.toString());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("workflow").get("id").asText();
    }

    private static String run(ApiClient editor, String workflowId) {
        ApiResponse accepted = editor.post("/api/v1/workflows/" + workflowId + "/executions", "{}");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        return accepted.json().get("executionId").asText();
    }
}
