package io.leadflow.kernel.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadflow.kernel.testing.ApiClient;
import io.leadflow.kernel.testing.ApiResponse;
import io.leadflow.kernel.testing.Executions;
import io.leadflow.kernel.testing.TestKernel;
import io.leadflow.plugins.meta.FakeGraph;
import io.leadflow.plugins.meta.HubSignature;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * WhatsApp end to end on a running kernel with the whatsapp plugin and a local Graph API: Meta's
 * subscription check; a template outside the 24-hour window, the lead's reply resuming "Wait for
 * reply", free text inside the window; free text outside it refused before any call with the
 * template hint; delivery statuses; duplicate and forged webhooks; an expired token flagging the
 * credential.
 */
class WhatsAppIT {
    private static final String TOKEN = "EAAG-it-access-token";
    private static final String APP_SECRET = "it-app-secret-0123456789abcdef";
    private static final String NUMBER_ID = "106540352242922";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aLeadAnswersATemplateAndTheConversationGoesOnInsideTheWindow() throws Exception {
        try (FakeGraph graph = FakeGraph.start(TOKEN); TestKernel kernel = TestKernel.start()) {
            ApiClient admin = kernel.admin();
            ChannelRuns.install(admin, "core-nodes");
            ChannelRuns.install(admin, "whatsapp");
            ApiResponse credential = admin.post("/api/v1/credentials", "{\"name\":\"WhatsApp\",\"type\":\"whatsapp.cloud\","
                    + "\"data\":{\"phoneNumberId\":\"" + NUMBER_ID + "\",\"accessToken\":\"" + TOKEN + "\",\"appSecret\":\""
                    + APP_SECRET + "\",\"verifyToken\":\"verify-me\",\"baseUrl\":\"" + graph.baseUrl() + "\"}}");
            assertThat(credential.status()).as(credential.body()).isEqualTo(201);
            String credentialId = credential.json().get("id").asText();
            URI hook = admin.base().resolve("/hooks/channels/whatsapp/message");

            // Meta's subscription check, through the kernel's route
            HttpResponse<String> check = HTTP.send(HttpRequest.newBuilder(URI.create(hook
                    + "?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(check.statusCode()).isEqualTo(200);
            assertThat(check.body()).isEqualTo("1158201444");
            assertThat(check.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
            assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(hook
                    + "?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1158201444")).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);

            String ada = admin.post("/api/v1/leads", "{\"firstName\":\"Ada\",\"phones\":[\"+1 650 555 1234\"],"
                    + "\"consent\":{\"whatsapp\":{\"state\":\"opted_in\",\"source\":\"form\"}}}").json().get("id").asText();
            String workflowId = admin.post("/api/v1/workflows", """
                    {"name":"WhatsApp follow-up","nodes":[
                      {"id":"m","name":"Manual","type":"core.manual"},
                      {"id":"tpl","name":"Template","type":"whatsapp.send-template",
                       "config":{"template":"welcome_lead","language":"en_US","parameters":["Ada"]}},
                      {"id":"w","name":"Wait for reply","type":"core.wait-for-reply","config":{"amount":1,"unit":"hours"}},
                      {"id":"thanks","name":"Thanks","type":"core.send-message",
                       "config":{"channel":"whatsapp","text":"Thanks, we will call you tomorrow"}}],
                     "edges":[{"from":{"node":"m","port":"main"},"to":{"node":"tpl","port":"main"}},
                              {"from":{"node":"tpl","port":"main"},"to":{"node":"w","port":"main"}},
                              {"from":{"node":"w","port":"received"},"to":{"node":"thanks","port":"main"}}]}""")
                    .json().get("workflow").get("id").asText();
            String executionId = admin.post("/api/v1/workflows/" + workflowId + "/executions",
                    "{\"payload\":{\"leadId\":\"" + ada + "\"}}").json().get("executionId").asText();
            Executions.awaitStatus(admin, executionId, 30, "waiting");
            FakeGraph.Received template = graph.last();
            assertThat(template.path()).isEqualTo("/v23.0/" + NUMBER_ID + "/messages");
            assertThat(template.at("type")).isEqualTo("template");
            assertThat(template.at("to")).isEqualTo("16505551234");
            assertThat(template.at("template.name")).isEqualTo("welcome_lead");

            String reply = inbound("16505551234", "wamid.IN-ADA-1", "Yes, call me tomorrow", Instant.now());
            ApiResponse received = ChannelRuns.postWithSignature(hook, reply, HubSignature.of(APP_SECRET, bytes(reply)));
            assertThat(received.status()).as(received.body()).isEqualTo(200);
            assertThat(received.json().get("leadId").asText()).isEqualTo(ada);
            JsonNode execution = Executions.awaitStatus(admin, executionId, 30, "succeeded", "failed");
            assertThat(execution.get("status").asText()).as(execution.toString()).isEqualTo("succeeded");
            FakeGraph.Received thanks = graph.last();
            assertThat(thanks.at("type")).isEqualTo("text");
            assertThat(thanks.at("text.body")).isEqualTo("Thanks, we will call you tomorrow");

            // Meta redelivers: acknowledged, stored once; a forged or re-serialised copy is refused
            ApiResponse again = ChannelRuns.postWithSignature(hook, reply, HubSignature.of(APP_SECRET, bytes(reply)));
            assertThat(again.json().get("duplicate").asBoolean()).isTrue();
            assertThat(ChannelRuns.postWithSignature(hook, reply, HubSignature.of("not-the-secret", bytes(reply))).status()).isEqualTo(401);
            assertThat(ChannelRuns.postWithSignature(hook, reply.replace(", ", ","), HubSignature.of(APP_SECRET, bytes(reply))).status())
                    .isEqualTo(401);

            // delivery statuses land on the sent message
            String sentId = null;
            JsonNode messages = admin.get("/api/v1/leads/" + ada + "/messages").json().get("items");
            for (JsonNode message : messages) {
                if (message.get("direction").asText().equals("outbound")
                        && message.get("text").asText().startsWith("Thanks")) {
                    sentId = message.get("providerMessageId").asText();
                }
            }
            assertThat(sentId).startsWith("wamid.");
            String statuses = status(sentId, "read");
            assertThat(ChannelRuns.postWithSignature(hook, statuses, HubSignature.of(APP_SECRET, bytes(statuses))).status()).isEqualTo(204);
            String readId = sentId;
            JsonNode stored = null;
            for (JsonNode message : admin.get("/api/v1/leads/" + ada + "/messages").json().get("items")) {
                if (readId.equals(message.path("providerMessageId").asText()) && message.get("direction").asText().equals("outbound")) {
                    stored = message;
                }
            }
            assertThat(stored).isNotNull();
            assertThat(stored.get("delivery").get("status").asText()).isEqualTo("read");

            // a lead who never wrote: free text is refused before any call, with the template hint
            String bob = admin.post("/api/v1/leads", "{\"firstName\":\"Bob\",\"phones\":[\"+1 650 555 0142\"],"
                    + "\"consent\":{\"whatsapp\":{\"state\":\"opted_in\",\"source\":\"form\"}}}").json().get("id").asText();
            int calls = graph.received().size();
            JsonNode refused = ChannelRuns.send(admin, bob, "whatsapp.message", "Hello", null);
            assertThat(refused.get("status").asText()).isEqualTo("failed");
            assertThat(ChannelRuns.errorOf(refused, "send")).contains("free text is allowed only within 24 hours", "template");
            assertThat(graph.received()).hasSize(calls);

            // the token expires: the send fails permanently and the credential is flagged
            graph.expireToken();
            JsonNode expired = ChannelRuns.send(admin, ada, "whatsapp.message", "Hello", null);
            assertThat(expired.get("status").asText()).isEqualTo("failed");
            assertThat(ChannelRuns.errorOf(expired, "send")).contains("renew it in the credential", "190");
            JsonNode flagged = admin.get("/api/v1/credentials/" + credentialId).json();
            assertThat(flagged.get("problem").get("message").asText()).as(flagged.toString()).contains("access token");
        }
    }

    /** A WhatsApp Cloud API webhook carrying one text message, as Meta posts it. */
    private static String inbound(String from, String id, String text, Instant at) {
        return """
                {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{\
                "messaging_product":"whatsapp","metadata":{"display_phone_number":"15550001111","phone_number_id":"%s"},\
                "contacts":[{"profile":{"name":"Ada"},"wa_id":"%s"}],\
                "messages":[{"from":"%s","id":"%s","timestamp":"%d","type":"text","text":{"body":"%s"}}]},\
                "field":"messages"}]}]}""".formatted(NUMBER_ID, from, from, id, at.getEpochSecond(), text);
    }

    private static String status(String id, String state) {
        return """
                {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{\
                "messaging_product":"whatsapp","metadata":{"display_phone_number":"15550001111","phone_number_id":"%s"},\
                "statuses":[{"id":"%s","status":"%s","timestamp":"%d","recipient_id":"16505551234"}]},\
                "field":"messages"}]}]}""".formatted(NUMBER_ID, id, state, Instant.now().getEpochSecond());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
