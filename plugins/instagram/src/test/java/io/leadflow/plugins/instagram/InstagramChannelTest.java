package io.leadflow.plugins.instagram;

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

class InstagramChannelTest {
    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
    private static final String TOKEN = "IGAA-user-token";
    private static final String APP_SECRET = "instagram-app-secret";
    private static final String ACCOUNT_ID = "17841400000000001";
    private static final String IGSID = "1234567890123456";
    private final InstagramChannel channel = new InstagramChannel(Clock.fixed(NOW, ZoneOffset.UTC));
    private FakeGraph graph;

    @BeforeEach
    void start() throws Exception {
        graph = FakeGraph.start(TOKEN);
    }

    @AfterEach
    void stop() {
        graph.close();
    }

    private ChannelContext context(String login, String accountId) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("login", login);
        fields.put("accountId", accountId);
        fields.put("accessToken", TOKEN);
        fields.put("appSecret", APP_SECRET);
        fields.put("verifyToken", "verify-me");
        fields.put("baseUrl", graph.baseUrl());
        return TestContext.builder().credential(TestCredential.of(InstagramCredentialType.TYPE_ID, fields)).build()
                .asChannelContext();
    }

    private SendReceipt send(ChannelContext context, String text, SendOptions options) throws Exception {
        return channel.send(new OutboundMessage(Medium.INSTAGRAM, IGSID, null, null, text, null, null, null, "k"), options,
                context).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void instagramLoginSendsToMeMessagesAPageTokenToThePagesMessages() throws Exception {
        SendReceipt receipt = send(context("instagram-login", ACCOUNT_ID), "Thanks for your DM!", SendOptions.none());
        assertThat(receipt.providerMessageId()).startsWith("m_");
        assertThat(graph.last().path()).isEqualTo("/v23.0/me/messages");
        assertThat(graph.last().authorization()).isEqualTo("Bearer " + TOKEN);
        assertThat(graph.last().at("recipient.id")).isEqualTo(IGSID);
        assertThat(graph.last().at("message.text")).isEqualTo("Thanks for your DM!");

        send(context("page-token", "104523456789012"), "Hi", SendOptions.builder().tag("HUMAN_AGENT").build());
        assertThat(graph.last().path()).isEqualTo("/v23.0/104523456789012/messages");
        assertThat(graph.last().at("messaging_type")).isEqualTo("MESSAGE_TAG");
        assertThat(graph.last().at("tag")).isEqualTo("HUMAN_AGENT");
    }

    @Test
    void outsideTheWindowIsPermanentAndAnExpiredTokenUnauthorized() throws Exception {
        ChannelContext context = context("instagram-login", ACCOUNT_ID);
        graph.closeWindow(IGSID);
        try {
            send(context, "Hi", SendOptions.none());
            throw new AssertionError("sent");
        } catch (ExecutionException e) {
            ChannelException refused = (ChannelException) e.getCause();
            assertThat(refused.code()).isEqualTo("outside_window");
            assertThat(refused.retryable()).isFalse();
        }
        graph.expireToken();
        assertThat(channel.send(new OutboundMessage(Medium.INSTAGRAM, IGSID, null, null, "Hi", null, null, null, "k"),
                context)).failsWithin(5, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class)
                .withMessageContaining("renew it in the credential");
    }

    @Test
    void theConnectionTestReadsTheAccount() throws Exception {
        ConnectionTest ok = new InstagramCredentialType().test(TestCredential.of(InstagramCredentialType.TYPE_ID,
                Map.of("login", "instagram-login", "accountId", ACCOUNT_ID, "accessToken", TOKEN, "baseUrl",
                        graph.baseUrl())), TestContext.builder().build().http()).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(ok.ok()).as(ok.message()).isTrue();
        assertThat(ok.message()).contains("@leadflow.test");
        assertThat(graph.last().path()).isEqualTo("/v23.0/me");
    }

    private static final String INBOUND = """
            {"object":"instagram","entry":[{"id":"17841400000000001","time":1765015200000,"messaging":[
              {"sender":{"id":"1234567890123456"},"recipient":{"id":"17841400000000001"},"timestamp":1765015200000,
               "message":{"mid":"aWdfZAG1faWQ6MTc4NDE0MDAwMDAwMDAwMDE6MzQwMjgyMzY2ODQxNzEw","text":"How much is shipping?"}},
              {"sender":{"id":"17841400000000001"},"recipient":{"id":"1234567890123456"},"timestamp":1765015201000,
               "message":{"mid":"aWdfZAG1echo","text":"Hi!","is_echo":true}},
              {"sender":{"id":"1234567890123456"},"recipient":{"id":"17841400000000001"},"timestamp":1765015202000,
               "read":{"mid":"aWdfZAG1OUT1"}}]}]}""";

    @Test
    void aSignedPostCarriesTheLeadsDmAndReadReceiptsAForgedOneIsRefused() throws Exception {
        ChannelContext context = context("instagram-login", ACCOUNT_ID);
        byte[] raw = INBOUND.getBytes(StandardCharsets.UTF_8);
        WebhookContent content = channel.handle(new WebhookRequest("POST", "channels/instagram/message", Map.of(),
                Map.of(HubSignature.HEADER, List.of(HubSignature.of(APP_SECRET, raw))), raw, "127.0.0.1", NOW), context)
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(content.messages()).singleElement().satisfies(message -> {
            assertThat(message.medium()).isEqualTo(Medium.INSTAGRAM);
            assertThat(message.from()).isEqualTo(IGSID);
            assertThat(message.text()).isEqualTo("How much is shipping?");
        });
        assertThat(content.reports()).extracting(DeliveryReport::providerMessageId, DeliveryReport::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("aWdfZAG1OUT1", "read"));
        assertThat(channel.handle(new WebhookRequest("POST", "channels/instagram/message", Map.of(),
                Map.of(HubSignature.HEADER, List.of(HubSignature.of("forged", raw))), raw, "127.0.0.1", NOW), context))
                .failsWithin(5, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(SecurityException.class);
        WebhookContent check = channel.handle(new WebhookRequest("GET", "channels/instagram/message", Map.of(
                "hub.mode", List.of("subscribe"), "hub.verify_token", List.of("nope"), "hub.challenge", List.of("42")),
                Map.of(), new byte[0], "127.0.0.1", NOW), context).toCompletableFuture().get();
        assertThat(check.reply().orElseThrow().status()).isEqualTo(403);
    }
}
