package io.leadflow.kernel.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadflow.kernel.testing.ApiClient;
import io.leadflow.kernel.testing.ApiResponse;
import io.leadflow.kernel.testing.Executions;
import io.leadflow.kernel.testing.TestKernel;
import io.leadflow.plugins.meta.FakeGraph;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/**
 * Quiet hours on a running kernel: a send that falls inside them waits durably (the execution
 * shows waiting, nothing reaches the provider) and goes when they end; a lead whose own time zone
 * is outside them is messaged at once; bad settings are refused with the field named.
 */
class QuietHoursIT {
    private static final String TOKEN = "EAAG-quiet";
    private static final String SECRET = "quiet-app-secret";

    @Test
    void aSendInsideQuietHoursWaitsUntilTheyEnd() throws Exception {
        try (FakeGraph graph = FakeGraph.start(TOKEN); TestKernel kernel = TestKernel.start()) {
            ApiClient admin = kernel.admin();
            ChannelRuns.install(admin, "core-nodes");
            ChannelRuns.install(admin, "whatsapp");
            assertThat(admin.post("/api/v1/credentials", "{\"name\":\"WA\",\"type\":\"whatsapp.cloud\",\"data\":{"
                    + "\"phoneNumberId\":\"106540352242922\",\"accessToken\":\"" + TOKEN + "\",\"appSecret\":\"" + SECRET
                    + "\",\"verifyToken\":\"v\",\"baseUrl\":\"" + graph.baseUrl() + "\"}}").status()).isEqualTo(201);

            ApiResponse bad = admin.send("PUT", "/api/v1/settings/quiet-hours", "application/json",
                    "{\"enabled\":true,\"timeZone\":\"Mars/Olympus\"}".getBytes(StandardCharsets.UTF_8));
            assertThat(bad.status()).isEqualTo(422);
            assertThat(bad.body()).contains("timeZone", "IANA");
            assertThat(admin.get("/api/v1/settings/quiet-hours").json().get("enabled").asBoolean()).isFalse();

            // quiet from an hour ago until 4 seconds from now, UTC
            LocalTime now = LocalTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
            ApiResponse set = admin.send("PUT", "/api/v1/settings/quiet-hours", "application/json", ("{\"enabled\":true,"
                    + "\"starts\":\"" + now.minusHours(1) + "\",\"ends\":\"" + now.plusSeconds(4) + "\",\"timeZone\":\"UTC\","
                    + "\"media\":[\"whatsapp\",\"sms\"]}").getBytes(StandardCharsets.UTF_8));
            assertThat(set.status()).as(set.body()).isEqualTo(200);
            assertThat(set.json().get("media")).extracting(JsonNode::asText).containsExactly("sms", "whatsapp");

            String ada = lead(admin, "Ada", "+1 650 555 1234", null);
            String kiri = lead(admin, "Kiri", "+1 650 555 4321", "Pacific/Kiritimati");
            wrote(admin, "16505551234", "wamid.Q1");
            wrote(admin, "16505554321", "wamid.Q2");

            // Kiri's local time is 14 hours later, outside the quiet hours: sent at once
            JsonNode now14 = Executions.awaitStatus(admin, ChannelRuns.startSend(admin, kiri, "whatsapp", "Good morning", null), 30, "succeeded", "failed");
            assertThat(now14.get("status").asText()).as(now14.toString()).isEqualTo("succeeded");
            int sent = graph.received().size();

            String executionId = ChannelRuns.startSend(admin, ada, "whatsapp", "Good morning", null);
            JsonNode waiting = Executions.awaitStatus(admin, executionId, 30, "waiting", "failed", "succeeded");
            assertThat(waiting.get("status").asText()).as(waiting.toString()).isEqualTo("waiting");
            JsonNode held = waiting.get("nodeRuns").get(waiting.get("nodeRuns").size() - 1);
            assertThat(held.get("status").asText()).isEqualTo("waiting");
            assertThat(held.get("error").asText()).contains("quiet hours", "waits until");
            assertThat(graph.received()).as("nothing left during quiet hours").hasSize(sent);

            JsonNode done = Executions.awaitStatus(admin, executionId, 40, "succeeded", "failed");
            assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("succeeded");
            assertThat(graph.received()).hasSize(sent + 1);
            assertThat(graph.last().at("to")).isEqualTo("16505551234");
            JsonNode audit = admin.get("/api/v1/audit?targetType=lead&targetId=" + ada + "&limit=50").json().get("items");
            assertThat(audit).anySatisfy(entry -> assertThat(entry.get("action").asText()).isEqualTo("message.deferred"));
        }
    }

    private static String lead(ApiClient admin, String name, String phone, String zone) {
        return admin.post("/api/v1/leads", "{\"firstName\":\"" + name + "\",\"phones\":[\"" + phone + "\"],"
                + (zone == null ? "" : "\"customFields\":{\"timeZone\":\"" + zone + "\"},")
                + "\"consent\":{\"whatsapp\":{\"state\":\"opted_in\",\"source\":\"form\"}}}").json().get("id").asText();
    }

    /** A WhatsApp message from the lead: it opens the 24-hour window. */
    private static void wrote(ApiClient admin, String from, String id) throws Exception {
        String body = """
                {"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{\
                "metadata":{"display_phone_number":"15550001111","phone_number_id":"106540352242922"},\
                "messages":[{"from":"%s","id":"%s","timestamp":"%d","type":"text","text":{"body":"hi"}}]}}]}]}"""
                .formatted(from, id, Instant.now().getEpochSecond());
        ApiResponse response = ChannelRuns.postSigned(admin.base().resolve("/hooks/channels/whatsapp/message"), body, SECRET);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }
}
