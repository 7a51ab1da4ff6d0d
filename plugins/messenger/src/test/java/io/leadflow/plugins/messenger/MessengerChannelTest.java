package io.leadflow.plugins.messenger;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.api.channel.ChannelContext;
import io.leadflow.api.channel.ChannelException;
import io.leadflow.api.channel.DeliveryReport;
import io.leadflow.api.channel.Medium;
import io.leadflow.api.channel.OutboundMessage;
import io.leadflow.api.channel.SendOptions;
import io.leadflow.api.channel.SendReceipt;
import io.leadflow.api.channel.WebhookContent;
import io.leadflow.api.credential.ConnectionTest;
import io.leadflow.api.trigger.WebhookRequest;
import io.leadflow.plugins.meta.FakeGraph;
import io.leadflow.plugins.meta.HubSignature;
import io.leadflow.testkit.TestContext;
import io.leadflow.testkit.TestCredential;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MessengerChannelTest {
    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
    private static final String TOKEN = "EAAB-page-token";
    private static final String APP_SECRET = "messenger-app-secret";
    private static final String PAGE_ID = "104523456789012";
    private static final String PSID = "6543210987654321";
    private final MessengerChannel channel = new MessengerChannel(Clock.fixed(NOW, ZoneOffset.UTC));
    private FakeGraph graph;
    private ChannelContext context;

    @BeforeEach
    void start() throws Exception {
        graph = FakeGraph.start(TOKEN);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("pageId", PAGE_ID);
        fields.put("pageAccessToken", TOKEN);
        fields.put("appSecret", APP_SECRET);
        fields.put("verifyToken", "verify-me");
        fields.put("baseUrl", graph.baseUrl());
        context = TestContext.builder().credential(TestCredential.of(MessengerCredentialType.TYPE_ID, fields)).build()
                .asChannelContext();
    }

    @AfterEach
    void stop() {
        graph.close();
    }

    private SendReceipt send(String text, SendOptions options) throws Exception {
        return channel.send(new OutboundMessage(Medium.MESSENGER, PSID, null, null, text, null, null, null, "k"), options,
                context).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private ChannelException failure(String text, SendOptions options) throws Exception {
        try {
            send(text, options);
            throw new AssertionError("the send succeeded");
        } catch (ExecutionException e) {
            return (ChannelException) e.getCause();
        }
    }

    @Test
    void answersThePsidAsAResponseWithThePageToken() throws Exception {
        SendReceipt receipt = send("We have it in blue too", SendOptions.none());
        assertThat(receipt.providerMessageId()).startsWith("m_");
        FakeGraph.Received request = graph.last();
        assertThat(request.path()).isEqualTo("/v23.0/" + PAGE_ID + "/messages");
        assertThat(request.authorization()).isEqualTo("Bearer " + TOKEN);
        assertThat(request.at("recipient.id")).isEqualTo(PSID);
        assertThat(request.at("messaging_type")).isEqualTo("RESPONSE");
        assertThat(request.at("message.text")).isEqualTo("We have it in blue too");
        assertThat(request.json()).doesNotContainKey("tag");
    }

    @Test
    void aTaggedMessageGoesOutsideTheWindowAnUntaggedOneIsRefused() throws Exception {
        graph.closeWindow(PSID);
        ChannelException refused = failure("Still interested?", SendOptions.none());
        assertThat(refused.retryable()).isFalse();
        assertThat(refused.code()).isEqualTo("outside_window");
        assertThat(refused.getMessage()).contains("tagged message", "2018278");

        send("Your appointment is confirmed for Monday", SendOptions.builder().tag("CONFIRMED_EVENT_UPDATE").build());
        assertThat(graph.last().at("messaging_type")).isEqualTo("MESSAGE_TAG");
        assertThat(graph.last().at("tag")).isEqualTo("CONFIRMED_EVENT_UPDATE");
    }

    @Test
    void rateLimitsRetryExpiredTokensAreUnauthorizedTemplatesUnsupported() throws Exception {
        graph.answerNext(400, FakeGraph.error(613, 0, "(#613) Calls to this api have exceeded the rate limit.", null));
        assertThat(failure("Hi", SendOptions.none()).retryable()).isTrue();
        graph.expireToken();
        assertThat(failure("Hi", SendOptions.none()).code()).isEqualTo("unauthorized");
        assertThat(failure("Hi", SendOptions.builder().template(new io.leadflow.api.channel.MessageTemplate("t", "en",
                List.of())).build()).code()).isEqualTo("unsupported_option");
        assertThat(failure("x".repeat(2001), SendOptions.none()).code()).isEqualTo("bad_request");
    }

    @Test
    void theConnectionTestReadsThePage() throws Exception {
        ConnectionTest ok = new MessengerCredentialType().test(TestCredential.of(MessengerCredentialType.TYPE_ID,
                Map.of("pageId", PAGE_ID, "pageAccessToken", TOKEN, "baseUrl", graph.baseUrl())),
                TestContext.builder().build().http()).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(ok.ok()).as(ok.message()).isTrue();
        assertThat(ok.message()).contains("LeadFlow Test Page");
        assertThat(graph.last().path()).isEqualTo("/v23.0/" + PAGE_ID);
    }

    private static final String INBOUND = """
            {"object":"page","entry":[{"id":"104523456789012","time":1765015200000,"messaging":[
              {"sender":{"id":"6543210987654321"},"recipient":{"id":"104523456789012"},"timestamp":1765015200000,
               "message":{"mid":"m_AG5Hz2Uq7tuwNEhXfYYKj8mJEM_QPpz5jdCK48PnKAjSdjfipqxqMvK8ma6AC8fplwlqLP_5cgXIbu7I3rBN0P",
                "text":"Do you deliver to Lyon?"}},
              {"sender":{"id":"104523456789012"},"recipient":{"id":"6543210987654321"},"timestamp":1765015201000,
               "message":{"mid":"m_echo","text":"Hello!","is_echo":true,"app_id":1517776481860111}},
              {"sender":{"id":"6543210987654321"},"recipient":{"id":"104523456789012"},"timestamp":1765015202000,
               "delivery":{"mids":["m_OUT1"],"watermark":1765015201000}}]}]}""";

    private static WebhookRequest post(String body, String signature) {
        return new WebhookRequest("POST", "channels/messenger/message", Map.of(),
                signature == null ? Map.of() : Map.of(HubSignature.HEADER, List.of(signature)),
                body.getBytes(StandardCharsets.UTF_8), "127.0.0.1", NOW);
    }

    @Test
    void aSignedPostCarriesTheLeadsMessageWithoutEchoesAndTheDeliveries() throws Exception {
        WebhookContent content = channel.handle(post(INBOUND, HubSignature.of(APP_SECRET,
                INBOUND.getBytes(StandardCharsets.UTF_8))), context).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(content.messages()).singleElement().satisfies(message -> {
            assertThat(message.medium()).isEqualTo(Medium.MESSENGER);
            assertThat(message.channelId()).isEqualTo(MessengerChannel.CHANNEL_ID);
            assertThat(message.from()).isEqualTo(PSID);
            assertThat(message.text()).isEqualTo("Do you deliver to Lyon?");
        });
        assertThat(content.reports()).extracting(DeliveryReport::providerMessageId).containsExactly("m_OUT1");
    }

    @Test
    void aForgedOrReserialisedPostIsRefusedAndTheCheckAnswersOnlyTheVerifyToken() throws Exception {
        String signature = HubSignature.of(APP_SECRET, INBOUND.getBytes(StandardCharsets.UTF_8));
        assertThat(channel.handle(post(INBOUND, HubSignature.of("guess", INBOUND.getBytes(StandardCharsets.UTF_8))),
                context)).failsWithin(5, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(SecurityException.class);
        assertThat(channel.handle(post(INBOUND.replace("\n", ""), signature), context)).failsWithin(5, TimeUnit.SECONDS)
                .withThrowableOfType(ExecutionException.class).withMessageContaining("invalid X-Hub-Signature-256");
        WebhookContent check = channel.handle(new WebhookRequest("GET", "channels/messenger/message", Map.of(
                "hub.mode", List.of("subscribe"), "hub.verify_token", List.of("verify-me"), "hub.challenge",
                List.of("42")), Map.of(), new byte[0], "127.0.0.1", NOW), context).toCompletableFuture().get();
        assertThat(check.reply().orElseThrow().body()).isEqualTo("42");
    }
}
