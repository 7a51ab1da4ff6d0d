package io.leadflow.kernel.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadflow.kernel.testing.ApiClient;
import io.leadflow.kernel.testing.ApiResponse;
import io.leadflow.kernel.testing.TestKernel;
import io.leadflow.plugins.meta.FakeGraph;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Messenger and Instagram on a running kernel with their plugins and a local Graph API: a DM
 * creates the lead (matched again by its sender next time), a reply inside the 24-hour window goes
 * as a RESPONSE, after the window only a tagged message goes, and the refusal names the tag.
 */
class MetaChannelsIT {
    private static final String TOKEN = "EAAB-it-token";
    private static final String SECRET = "it-meta-app-secret";
    private static final String PAGE_ID = "104523456789012";
    private static final String IG_ID = "17841400000000001";

    @Test
    void messengerAndInstagramConversationsKeepTheWindow() throws Exception {
        try (FakeGraph graph = FakeGraph.start(TOKEN); TestKernel kernel = TestKernel.start()) {
            ApiClient admin = kernel.admin();
            for (String plugin : new String[] {"core-nodes", "messenger", "instagram"}) {
                ChannelRuns.install(admin, plugin);
            }
            assertThat(admin.post("/api/v1/credentials", "{\"name\":\"Page\",\"type\":\"messenger.page\",\"data\":{"
                    + "\"pageId\":\"" + PAGE_ID + "\",\"pageAccessToken\":\"" + TOKEN + "\",\"appSecret\":\"" + SECRET
                    + "\",\"verifyToken\":\"v\",\"baseUrl\":\"" + graph.baseUrl() + "\"}}").status()).isEqualTo(201);
            assertThat(admin.post("/api/v1/credentials", "{\"name\":\"IG\",\"type\":\"instagram.account\",\"data\":{"
                    + "\"login\":\"instagram-login\",\"accountId\":\"" + IG_ID + "\",\"accessToken\":\"" + TOKEN
                    + "\",\"appSecret\":\"" + SECRET + "\",\"verifyToken\":\"v\",\"baseUrl\":\"" + graph.baseUrl() + "\"}}")
                    .status()).isEqualTo(201);

            // Messenger: a DM from a stranger 25 hours ago creates the lead, whose window is closed now
            URI messenger = admin.base().resolve("/hooks/channels/messenger/message");
            ApiResponse first = post(messenger, messaging("page", PAGE_ID, "PSID-77", "m_1", "Do you ship to Lyon?",
                    Instant.now().minus(Duration.ofHours(25))));
            assertThat(first.status()).as(first.body()).isEqualTo(200);
            String lead = first.json().get("leadId").asText();
            int calls = graph.received().size();
            JsonNode closed = ChannelRuns.send(admin, lead, "messenger", "Yes, we do", null);
            assertThat(closed.get("status").asText()).isEqualTo("failed");
            assertThat(ChannelRuns.errorOf(closed, "send")).contains("more than 24 hours ago", "tagged message");
            assertThat(graph.received()).as("refused before any call").hasSize(calls);
            JsonNode tagged = ChannelRuns.send(admin, lead, "messenger", "Yes, we do", "CONFIRMED_EVENT_UPDATE");
            assertThat(tagged.get("status").asText()).as(tagged.toString()).isEqualTo("succeeded");
            assertThat(graph.last().at("messaging_type")).isEqualTo("MESSAGE_TAG");
            assertThat(graph.last().at("recipient.id")).isEqualTo("PSID-77");

            // the lead writes again: the same lead, and a plain reply goes as a RESPONSE
            ApiResponse again = post(messenger, messaging("page", PAGE_ID, "PSID-77", "m_2", "Great, thanks",
                    Instant.now()));
            assertThat(again.json().get("leadId").asText()).isEqualTo(lead);
            JsonNode open = ChannelRuns.send(admin, lead, "messenger", "Yes, we do", null);
            assertThat(open.get("status").asText()).as(open.toString()).isEqualTo("succeeded");
            assertThat(graph.last().at("messaging_type")).isEqualTo("RESPONSE");
            assertThat(graph.last().path()).isEqualTo("/v23.0/" + PAGE_ID + "/messages");

            // Instagram: a DM, and the answer through Instagram login's me/messages
            ApiResponse dm = post(admin.base().resolve("/hooks/channels/instagram/message"),
                    messaging("instagram", IG_ID, "IGSID-5", "aWdf_1", "Price?", Instant.now()));
            assertThat(dm.status()).as(dm.body()).isEqualTo(200);
            String igLead = dm.json().get("leadId").asText();
            assertThat(igLead).isNotEqualTo(lead);
            // "auto": the channel the lead last wrote on
            JsonNode answered = ChannelRuns.send(admin, igLead, "auto", "Yes, we do", null);
            assertThat(answered.get("status").asText()).as(answered.toString()).isEqualTo("succeeded");
            assertThat(graph.last().path()).isEqualTo("/v23.0/me/messages");
            assertThat(graph.last().at("recipient.id")).isEqualTo("IGSID-5");
            // ... unless the lead prefers another channel (and a started plugin offers it)
            assertThat(admin.patch("/api/v1/leads/" + igLead, "{\"customFields\":{\"preferredChannel\":\"messenger\"}}")
                    .status()).isEqualTo(200);
            assertThat(ChannelRuns.errorOf(ChannelRuns.send(admin, igLead, "auto", "Yes, we do", null), "send"))
                    .contains("has never written on messenger");
            assertThat(admin.patch("/api/v1/leads/" + lead, "{\"customFields\":{\"preferredChannel\":\"whatsapp\"}}")
                    .status()).isEqualTo(200);
            JsonNode fallback = ChannelRuns.send(admin, lead, "auto", "Yes, we do", null);
            assertThat(fallback.get("status").asText()).as("no WhatsApp plugin: where the lead last wrote").isEqualTo("succeeded");
            assertThat(graph.last().path()).isEqualTo("/v23.0/" + PAGE_ID + "/messages");

            JsonNode messages = admin.get("/api/v1/leads/" + lead + "/messages").json().get("items");
            assertThat(messages).extracting(message -> message.get("medium").asText()).containsOnly("messenger");
            assertThat(messages).hasSize(5);
        }
    }

    private static String messaging(String object, String account, String sender, String mid, String text, Instant at) {
        return """
                {"object":"%s","entry":[{"id":"%s","time":%d,"messaging":[{"sender":{"id":"%s"},"recipient":{"id":"%s"},\
                "timestamp":%d,"message":{"mid":"%s","text":"%s"}}]}]}""".formatted(object, account, at.toEpochMilli(),
                sender, account, at.toEpochMilli(), mid, text);
    }

    private static ApiResponse post(URI hook, String body) throws Exception {
        return ChannelRuns.postSigned(hook, body, SECRET);
    }
}
