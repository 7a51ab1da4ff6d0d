package io.leadflow.kernel.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.leadflow.kernel.testing.ApiClient;
import io.leadflow.kernel.testing.ApiResponse;
import io.leadflow.kernel.testing.Executions;
import io.leadflow.kernel.testing.RawDatabase;
import io.leadflow.kernel.testing.TestKernel;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * VAPI voice calls on a running kernel: "Call lead and wait for the result" places the call with
 * the lead's number and the assistant's variables, parks, and the end-of-call report (answered 200,
 * sent twice, counted once) resumes it on the outcome's output with the transcript; the call is on
 * the lead's conversation and export, encrypted at rest, and erased with the lead. Voice needs an
 * opt-in; a wrong secret is refused.
 */
class VapiIT {
    private static final String KEY = "vapi-it-key";
    private static final String SECRET = "vapi-it-secret";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void anEndOfCallReportResumesTheWaitingNodeWithTheTranscript() throws Exception {
        List<Map<String, Object>> calls = new CopyOnWriteArrayList<>();
        HttpServer vapi = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        String callId = UUID.randomUUID().toString();
        vapi.createContext("/call", exchange -> {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                boolean authorized = ("Bearer " + KEY).equals(exchange.getRequestHeaders().getFirst("Authorization"));
                String answer = authorized ? "{\"id\":\"" + callId + "\",\"type\":\"outboundPhoneCall\",\"status\":\"queued\"}"
                        : "{\"message\":\"Invalid Key.\",\"error\":\"Unauthorized\",\"statusCode\":401}";
                if (authorized) {
                    calls.add(Map.of("body", body));
                }
                byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(authorized ? 201 : 401, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        });
        vapi.start();
        try (TestKernel kernel = TestKernel.start()) {
            ApiClient admin = kernel.admin();
            ChannelRuns.install(admin, "core-nodes");
            ChannelRuns.install(admin, "vapi");
            ApiResponse credential = admin.post("/api/v1/credentials", "{\"name\":\"VAPI\",\"type\":\"vapi.account\","
                    + "\"data\":{\"apiKey\":\"" + KEY + "\",\"phoneNumberId\":\"pn-1\",\"assistantId\":\"as-1\","
                    + "\"serverSecret\":\"" + SECRET + "\",\"baseUrl\":\"http://127.0.0.1:" + vapi.getAddress().getPort() + "\"}}");
            assertThat(credential.status()).as(credential.body()).isEqualTo(201);
            String ada = admin.post("/api/v1/leads", "{\"firstName\":\"Ada\",\"phones\":[\"+1 415 555 0199\"],"
                    + "\"consent\":{\"voice\":{\"state\":\"opted_in\",\"source\":\"form\"}}}").json().get("id").asText();
            String bob = admin.post("/api/v1/leads", "{\"firstName\":\"Bob\",\"phones\":[\"+1 415 555 0142\"]}")
                    .json().get("id").asText();
            String workflowId = admin.post("/api/v1/workflows", """
                    {"name":"Qualify by phone","nodes":[
                      {"id":"m","name":"Manual","type":"core.manual"},
                      {"id":"call","name":"Call","type":"vapi.call-and-wait",
                       "config":{"variables":{"firstName":"{{ $json.firstName }}"},"timeoutAmount":30,"timeoutUnit":"minutes"}},
                      {"id":"talked","name":"Talked","type":"core.set","config":{"mappings":{"summary":"event.summary","said":"event.transcript"}}},
                      {"id":"missed","name":"Missed","type":"core.set","config":{"mappings":{"missed":"true"}}}],
                     "edges":[{"from":{"node":"m","port":"main"},"to":{"node":"call","port":"main"}},
                              {"from":{"node":"call","port":"answered"},"to":{"node":"talked","port":"main"}},
                              {"from":{"node":"call","port":"no-answer"},"to":{"node":"missed","port":"main"}}]}""")
                    .json().get("workflow").get("id").asText();

            // no voice opt-in: no call
            String refused = start(admin, workflowId, bob, "Bob");
            JsonNode bobsRun = Executions.awaitStatus(admin, refused, 30, "succeeded", "failed");
            assertThat(bobsRun.get("status").asText()).isEqualTo("failed");
            assertThat(ChannelRuns.errorOf(bobsRun, "call")).contains("has not opted in to voice");
            assertThat(calls).isEmpty();

            String executionId = start(admin, workflowId, ada, "Ada");
            Executions.awaitStatus(admin, executionId, 30, "waiting");
            assertThat(calls).singleElement().satisfies(call -> assertThat(call.get("body").toString())
                    .contains("\"customer\":{\"number\":\"+14155550199\"}")
                    .contains("\"variableValues\":{\"firstName\":\"Ada\"}").contains("\"assistantId\":\"as-1\""));

            assertThat(post(admin, statusUpdate(callId), SECRET).statusCode()).isEqualTo(200);
            assertThat(post(admin, endOfCall(callId), "guess").statusCode()).isEqualTo(401);
            HttpResponse<String> report = post(admin, endOfCall(callId), SECRET);
            assertThat(report.statusCode()).isEqualTo(200);
            assertThat(report.body()).isEqualTo("{\"received\":true}");
            assertThat(post(admin, endOfCall(callId), SECRET).statusCode()).as("sent twice: acknowledged").isEqualTo(200);

            JsonNode done = Executions.awaitStatus(admin, executionId, 30, "succeeded", "failed");
            assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("succeeded");
            JsonNode talked = null;
            for (JsonNode run : done.get("nodeRuns")) {
                if (run.get("nodeId").asText().equals("talked")) {
                    talked = run.get("output").get("main").get(0);
                }
                assertThat(run.get("nodeId").asText()).isNotEqualTo("missed");
            }
            assertThat(talked).as(done.toString()).isNotNull();
            assertThat(talked.get("summary").asText()).isEqualTo("Ada wants a quote for 12 panels.");
            assertThat(talked.get("said").asText()).contains("I asked for a quote");

            // the call on the lead: in its messages and export, decrypted; sealed in the table; one call.ended
            JsonNode export = admin.get("/api/v1/leads/" + ada + "/export").json();
            JsonNode call = null;
            for (JsonNode message : export.get("messages")) {
                if (message.get("medium").asText().equals("voice")) {
                    call = message;
                }
            }
            assertThat(call).isNotNull();
            assertThat(call.get("providerMessageId").asText()).isEqualTo(callId);
            assertThat(call.get("delivery").get("status").asText()).isEqualTo("in-progress");
            assertThat(call.get("call").get("outcome").asText()).isEqualTo("answered");
            assertThat(call.get("call").get("transcript").asText()).contains("I asked for a quote");
            assertThat(call.get("call").get("structuredData").get("panels").asInt()).isEqualTo(12);
            assertThat(RawDatabase.dump(kernel, "message")).contains(callId).doesNotContain("I asked for a quote")
                    .doesNotContain("12 panels");
            JsonNode audit = admin.get("/api/v1/audit?targetType=lead&targetId=" + ada + "&limit=100").json().get("items");
            int ended = 0;
            for (JsonNode entry : audit) {
                ended += entry.get("action").asText().equals("call.ended") ? 1 : 0;
            }
            assertThat(ended).as("the report sent twice is recorded once").isEqualTo(1);

            // erasure takes the transcript and the summary with the lead
            assertThat(admin.delete("/api/v1/leads/" + ada).status()).isEqualTo(204);
            String table = RawDatabase.dump(kernel, "message");
            assertThat(table).contains(callId);
            for (String line : table.split("\n")) {
                if (line.contains(callId)) {
                    assertThat(line).doesNotContain("v1:");
                }
            }
        } finally {
            vapi.stop(0);
        }
    }

    private static String start(ApiClient admin, String workflowId, String leadId, String firstName) {
        return admin.post("/api/v1/workflows/" + workflowId + "/executions", "{\"payload\":{\"leadId\":\"" + leadId
                + "\",\"firstName\":\"" + firstName + "\"}}").json().get("executionId").asText();
    }

    private static String statusUpdate(String callId) {
        return "{\"message\":{\"type\":\"status-update\",\"status\":\"in-progress\",\"call\":{\"id\":\"" + callId + "\"}}}";
    }

    private static String endOfCall(String callId) {
        return """
                {"message":{"type":"end-of-call-report","endedReason":"customer-ended-call","cost":0.12,
                 "startedAt":"2026-12-06T10:00:05.000Z","endedAt":"2026-12-06T10:03:12.000Z",
                 "artifact":{"transcript":"AI: Hi Ada, this is Sam.\\nUser: Hi, I asked for a quote."},
                 "analysis":{"summary":"Ada wants a quote for 12 panels.","structuredData":{"interested":true,"panels":12}},
                 "call":{"id":"%s"}}}""".formatted(callId);
    }

    private static HttpResponse<String> post(ApiClient admin, String body, String secret) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(admin.base().resolve("/hooks/channels/vapi/call"))
                .header("Content-Type", "application/json").header("X-Vapi-Secret", secret)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
