package io.leadflow.plugins.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.api.channel.ChannelContext;
import io.leadflow.api.channel.ChannelException;
import io.leadflow.api.channel.DeliveryReport;
import io.leadflow.api.channel.Medium;
import io.leadflow.api.channel.MessageTemplate;
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
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WhatsAppChannelTest {
    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
    private static final String TOKEN = "EAAG-test-access-token";
    private static final String APP_SECRET = "0123456789abcdef0123456789abcdef";
    private static final String NUMBER_ID = "106540352242922";
    private final WhatsAppChannel channel = new WhatsAppChannel(Clock.fixed(NOW, ZoneOffset.UTC));
    private FakeGraph graph;
    private ChannelContext context;

    @BeforeEach
    void start() throws Exception {
        graph = FakeGraph.start(TOKEN);
        context = context(Map.of());
    }

    @AfterEach
    void stop() {
        graph.close();
    }

    private ChannelContext context(Map<String, Object> overrides) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("phoneNumberId", NUMBER_ID);
        fields.put("accessToken", TOKEN);
        fields.put("appSecret", APP_SECRET);
        fields.put("verifyToken", "verify-me");
        fields.put("baseUrl", graph.baseUrl());
        fields.putAll(overrides);
        return TestContext.builder().credential(TestCredential.of(WhatsAppCredentialType.TYPE_ID, fields)).build()
                .asChannelContext();
    }

    private static OutboundMessage message(String text) {
        return new OutboundMessage(Medium.WHATSAPP, "+16505551234", null, null, text, null, null, null, "ex-1:n:1");
    }

    private SendReceipt send(String text, SendOptions options) throws Exception {
        return channel.send(message(text), options, context).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private ChannelException failure(String text, SendOptions options) throws Exception {
        try {
            send(text, options);
            throw new AssertionError("the send succeeded");
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(ChannelException.class);
            return (ChannelException) e.getCause();
        }
    }

    @Test
    void sendsTextWithABearerTokenToTheNumbersMessagesEdge() throws Exception {
        SendReceipt receipt = send("Hi Ada, your quote is ready", SendOptions.none());

        assertThat(receipt.providerMessageId()).startsWith("wamid.");
        FakeGraph.Received request = graph.last();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/v23.0/" + NUMBER_ID + "/messages");
        assertThat(request.authorization()).isEqualTo("Bearer " + TOKEN);
        assertThat(request.json()).containsEntry("messaging_product", "whatsapp").containsEntry("to", "16505551234")
                .containsEntry("type", "text");
        assertThat(request.at("text.body")).isEqualTo("Hi Ada, your quote is ready");
    }

    @Test
    void sendsATemplateWithItsLanguageAndComponents() throws Exception {
        List<Object> components = List.of(Map.of("type", "body", "parameters",
                List.of(Map.of("type", "text", "text", "Ada"))));
        SendReceipt receipt = send("[template]", SendOptions.builder()
                .template(new MessageTemplate("welcome_lead", "en_US", components)).build());

        assertThat(receipt.status()).isEqualTo("accepted");
        FakeGraph.Received request = graph.last();
        assertThat(request.json()).containsEntry("type", "template");
        assertThat(request.at("template.name")).isEqualTo("welcome_lead");
        assertThat(request.at("template.language.code")).isEqualTo("en_US");
        assertThat(request.at("template.components")).isEqualTo(components);
    }

    @Test
    void theApiVersionIsConfigurable() throws Exception {
        context = context(Map.of("apiVersion", "v24.0"));
        send("Hi", SendOptions.none());
        assertThat(graph.last().path()).isEqualTo("/v24.0/" + NUMBER_ID + "/messages");
        context = context(Map.of("apiVersion", "latest"));
        assertThat(failure("Hi", SendOptions.none()).code()).isEqualTo("invalid_credential");
    }

    @Test
    void outsideTheWindowFailsPermanentlyTellingTheUserToSendATemplate() throws Exception {
        graph.closeWindow("16505551234");
        ChannelException refused = failure("Hi", SendOptions.none());
        assertThat(refused.retryable()).isFalse();
        assertThat(refused.code()).isEqualTo("outside_window");
        assertThat(refused.getMessage()).contains("template", "131047");
        assertThat(send("[t]", SendOptions.builder().template(new MessageTemplate("follow_up", "en_US", List.of())).build())
                .providerMessageId()).as("a template still goes").startsWith("wamid.");
    }

    @Test
    void aRateLimitIsRetryableAnExpiredTokenPermanentAndUnauthorized() throws Exception {
        graph.answerNext(400, FakeGraph.error(130429, 0, "(#130429) Rate limit hit",
                "Cloud API message throughput has been reached."));
        ChannelException limited = failure("Hi", SendOptions.none());
        assertThat(limited.retryable()).isTrue();
        assertThat(limited.code()).isEqualTo("rate_limited");

        graph.answerNext(500, FakeGraph.error(2, 0, "Service temporarily unavailable", null));
        assertThat(failure("Hi", SendOptions.none()).retryable()).isTrue();

        graph.expireToken();
        ChannelException expired = failure("Hi", SendOptions.none());
        assertThat(expired.retryable()).isFalse();
        assertThat(expired.code()).isEqualTo("unauthorized");
        assertThat(expired.getMessage()).contains("Session has expired", "190");
    }

    @Test
    void aMessageTagOrVariablesAreRefusedBeforeAnyCall() throws Exception {
        assertThat(failure("Hi", SendOptions.builder().tag("ACCOUNT_UPDATE").build()).code()).isEqualTo("unsupported_option");
        assertThat(graph.received()).isEmpty();
    }

    @Test
    void theConnectionTestReadsTheNumber() throws Exception {
        TestCredential good = TestCredential.of(WhatsAppCredentialType.TYPE_ID, Map.of("phoneNumberId", NUMBER_ID,
                "accessToken", TOKEN, "baseUrl", graph.baseUrl()));
        ConnectionTest ok = new WhatsAppCredentialType().test(good, TestContext.builder().build().http())
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(ok.ok()).as(ok.message()).isTrue();
        assertThat(ok.message()).contains("15550001111", "LeadFlow Test");
        assertThat(graph.last().path()).isEqualTo("/v23.0/" + NUMBER_ID);
        TestCredential wrong = TestCredential.of(WhatsAppCredentialType.TYPE_ID, Map.of("phoneNumberId", NUMBER_ID,
                "accessToken", "wrong", "baseUrl", graph.baseUrl()));
        ConnectionTest refused = new WhatsAppCredentialType().test(wrong, TestContext.builder().build().http())
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(refused.ok()).isFalse();
        assertThat(refused.message()).contains("access token");
    }

    // ------------------------------------------------------------------ webhook

    private static final String INBOUND = """
            {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{
              "messaging_product":"whatsapp","metadata":{"display_phone_number":"15550001111","phone_number_id":"106540352242922"},
              "contacts":[{"profile":{"name":"Ada"},"wa_id":"16505551234"}],
              "messages":[{"from":"16505551234","id":"wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=",
                "timestamp":"1765015200","type":"text","text":{"body":"Yes, call me tomorrow"}}],
              "statuses":[{"id":"wamid.OUT1","status":"delivered","timestamp":"1765015100","recipient_id":"16505551234"},
                {"id":"wamid.OUT2","status":"failed","timestamp":"1765015101","recipient_id":"16505551234",
                 "errors":[{"code":131047,"title":"Re-engagement message","message":"Re-engagement message",
                  "error_data":{"details":"Message failed to send because more than 24 hours have passed"}}]}]},
              "field":"messages"}]}]}""";

    private static WebhookRequest post(String body, String signature) {
        Map<String, List<String>> headers = signature == null ? Map.of() : Map.of(HubSignature.HEADER, List.of(signature));
        return new WebhookRequest("POST", "channels/whatsapp/message", Map.of(), headers,
                body.getBytes(StandardCharsets.UTF_8), "127.0.0.1", NOW);
    }

    private WebhookContent handle(WebhookRequest request) throws Exception {
        return channel.handle(request, context).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void aSignedPostCarriesTheLeadsMessageAndDeliveryStatuses() throws Exception {
        WebhookContent content = handle(post(INBOUND, HubSignature.of(APP_SECRET, INBOUND.getBytes(StandardCharsets.UTF_8))));

        assertThat(content.messages()).singleElement().satisfies(message -> {
            assertThat(message.medium()).isEqualTo(Medium.WHATSAPP);
            assertThat(message.from()).isEqualTo("+16505551234");
            assertThat(message.to()).isEqualTo("+15550001111");
            assertThat(message.text()).isEqualTo("Yes, call me tomorrow");
            assertThat(message.providerMessageId()).startsWith("wamid.HBgL");
            assertThat(message.receivedAt()).isEqualTo(Instant.ofEpochSecond(1765015200L));
        });
        assertThat(content.reports()).extracting(DeliveryReport::providerMessageId, DeliveryReport::status,
                DeliveryReport::errorCode).containsExactly(Tuple.tuple("wamid.OUT1", "delivered", null),
                Tuple.tuple("wamid.OUT2", "failed", "131047"));
        assertThat(content.reports().get(1).errorMessage()).contains("more than 24 hours");
    }

    @Test
    void aForgedUnsignedOrReserialisedPostIsRefused() {
        byte[] raw = INBOUND.getBytes(StandardCharsets.UTF_8);
        String signature = HubSignature.of(APP_SECRET, raw);
        assertThat(channel.handle(post(INBOUND, HubSignature.of("not-the-secret", raw)), context))
                .failsWithin(5, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(SecurityException.class);
        assertThat(channel.handle(post(INBOUND, null), context)).failsWithin(5, TimeUnit.SECONDS)
                .withThrowableOfType(ExecutionException.class).withMessageContaining("missing X-Hub-Signature-256");
        String reserialised = INBOUND.replace("\n", "").replace("  ", "");
        assertThat(reserialised).isNotEqualTo(INBOUND);
        assertThat(channel.handle(post(reserialised, signature), context)).failsWithin(5, TimeUnit.SECONDS)
                .withThrowableOfType(ExecutionException.class).withMessageContaining("invalid X-Hub-Signature-256");
    }

    @Test
    void changesForAnotherNumberOfTheAccountAreLeftOut() throws Exception {
        String other = INBOUND.replace("106540352242922", "999999999999999");
        WebhookContent content = handle(post(other, HubSignature.of(APP_SECRET, other.getBytes(StandardCharsets.UTF_8))));
        assertThat(content.messages()).isEmpty();
        assertThat(content.reports()).isEmpty();
    }

    @Test
    void theVerificationGetAnswersTheChallengeOnlyForTheVerifyToken() throws Exception {
        WebhookContent ok = handle(new WebhookRequest("GET", "channels/whatsapp/message", Map.of("hub.mode",
                List.of("subscribe"), "hub.verify_token", List.of("verify-me"), "hub.challenge", List.of("1158201444")),
                Map.of(), new byte[0], "127.0.0.1", NOW));
        assertThat(ok.reply()).hasValueSatisfying(reply -> {
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.body()).isEqualTo("1158201444");
        });
        WebhookContent refused = handle(new WebhookRequest("GET", "channels/whatsapp/message", Map.of("hub.mode",
                List.of("subscribe"), "hub.verify_token", List.of("guess"), "hub.challenge", List.of("1158201444")),
                Map.of(), new byte[0], "127.0.0.1", NOW));
        assertThat(refused.reply()).hasValueSatisfying(reply -> assertThat(reply.status()).isEqualTo(403));
    }
}
