package io.leadflow.plugins.mailgun;

import static io.leadflow.plugins.mailgun.MailgunRequests.CLOCK;
import static io.leadflow.plugins.mailgun.MailgunRequests.NOW;
import static io.leadflow.plugins.mailgun.MailgunRequests.SIGNING_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadflow.api.channel.ChannelContext;
import io.leadflow.api.channel.ChannelException;
import io.leadflow.api.channel.InboundMessage;
import io.leadflow.api.channel.Medium;
import io.leadflow.api.channel.OutboundMessage;
import io.leadflow.api.channel.SendReceipt;
import io.leadflow.api.trigger.WebhookRequest;
import io.leadflow.testkit.TestContext;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MailgunChannelTest {
    private final MailgunChannel channel = new MailgunChannel(CLOCK);
    private FakeMailgun mailgun;
    private ChannelContext context;

    @BeforeEach
    void start() throws IOException {
        mailgun = FakeMailgun.start();
        context = TestContext.builder().credential(MailgunRequests.credential(mailgun.baseUrl())).build()
                .asChannelContext();
    }

    @AfterEach
    void stop() {
        mailgun.close();
    }

    private Optional<InboundMessage> receive(WebhookRequest request) throws Exception {
        return channel.receive(request, context).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void describesAnEmailChannel() {
        assertThat(channel.descriptor().channelId()).isEqualTo("mailgun.email");
        assertThat(channel.descriptor().medium()).isEqualTo(Medium.EMAIL);
        assertThat(channel.descriptor().credentialType()).isEqualTo("mailgun.api-key");
    }

    @Test
    void sendsWithTheDefaultSenderAndMetadataAsUserVariables() throws Exception {
        OutboundMessage message = new OutboundMessage(Medium.EMAIL, "alice@example.com", null, "Your quote",
                "Hello Alice", null, List.of("quote"), Map.of("executionId", "ex-9"), "ex-9:node-3:1");

        SendReceipt receipt = channel.send(message, context).toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(receipt.status()).isEqualTo("queued");
        assertThat(receipt.providerMessageId()).endsWith("@mg.example.com>");
        FakeMailgun.Received request = mailgun.last();
        assertThat(request.path()).isEqualTo("/v3/mg.example.com/messages");
        assertThat(request.field("from")).containsExactly("Sales <sales@mg.example.com>");
        assertThat(request.field("to")).containsExactly("alice@example.com");
        assertThat(request.field("o:tag")).containsExactly("quote");
        assertThat(request.field("v:executionId")).containsExactly("ex-9");
        assertThat(request.field("h:X-LeadFlow-Idempotency-Key")).containsExactly("ex-9:node-3:1");
    }

    @Test
    void aRefusedSendFailsTheStageWithAChannelException() {
        mailgun.answerNext(429, "application/json", "{\"message\":\"slow down\"}");
        OutboundMessage message = new OutboundMessage(Medium.EMAIL, "alice@example.com", "sales@mg.example.com",
                "s", "t", null, null, null, "k");

        assertThatThrownBy(() -> channel.send(message, context).toCompletableFuture().get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(ChannelException.class, refusal -> {
                    assertThat(refusal.code()).isEqualTo("rate_limited");
                    assertThat(refusal.retryable()).isTrue();
                });
    }

    @Test
    void refusesToSendAnotherMedium() {
        OutboundMessage sms = new OutboundMessage(Medium.SMS, "+4915112345678", null, null, "hi", null, null, null,
                "k");

        assertThatThrownBy(() -> channel.send(sms, context).toCompletableFuture().get(5, TimeUnit.SECONDS))
                .cause().isInstanceOf(ChannelException.class).hasMessageContaining("SMS");
        assertThat(mailgun.received()).isEmpty();
    }

    @Test
    void turnsAnInboundRoutePostIntoAnInboundMessage() throws Exception {
        Optional<InboundMessage> received = receive(MailgunRequests.inbound());

        assertThat(received).isPresent();
        InboundMessage message = received.get();
        assertThat(message.medium()).isEqualTo(Medium.EMAIL);
        assertThat(message.channelId()).isEqualTo("mailgun.email");
        assertThat(message.from()).isEqualTo("alice@example.com");
        assertThat(message.to()).isEqualTo("sales@mg.example.com");
        assertThat(message.text()).isEqualTo("Yes, let's talk. Grüße");
        assertThat(message.providerMessageId()).isEqualTo("<CAF=alice-reply@mail.example.com>");
        assertThat(message.inReplyTo()).isEqualTo("<20260302095900.1.ABC@mg.example.com>");
        assertThat(message.receivedAt()).isEqualTo(NOW);
        assertThat(message.raw()).containsEntry("subject", "Re: Your quote")
                .containsEntry("from", "Alice Example <alice@example.com>")
                .containsKey("body-plain");
    }

    @Test
    void readsAnInboundPostWithAttachmentsSentAsMultipart() throws Exception {
        Map<String, String> fields = MailgunRequests.inboundFields(NOW, SIGNING_KEY, MailgunRequests.newToken());

        Optional<InboundMessage> received = receive(MailgunRequests.multipart(fields));

        assertThat(received).isPresent();
        assertThat(received.get().from()).isEqualTo("alice@example.com");
        assertThat(received.get().text()).isEqualTo("Yes, let's talk. Grüße");
        assertThat(received.get().raw()).containsEntry(MultipartForm.ATTACHMENTS, "attachment-1")
                .containsEntry("body-plain", fields.get("body-plain"));
    }

    @Test
    void fallsBackToTheFullBodyAndTheEnvelopeSender() throws Exception {
        Map<String, String> fields = new LinkedHashMap<>(
                MailgunRequests.inboundFields(NOW, SIGNING_KEY, MailgunRequests.newToken()));
        fields.remove("stripped-text");
        fields.put("from", "undisclosed-recipients");

        InboundMessage message = receive(MailgunRequests.form(fields)).orElseThrow();

        assertThat(message.from()).isEqualTo("bounce+alice@example.com");
        assertThat(message.text()).startsWith("Yes, let's talk. Grüße\n\n> On Monday");
    }

    @Test
    void anEventWebhookIsAuthenticButCarriesNoMessage() throws Exception {
        assertThat(receive(MailgunRequests.event("delivered"))).isEmpty();
    }

    @Test
    void refusesAForgedInboundPost() {
        WebhookRequest forged = MailgunRequests.inbound(NOW, "not-the-signing-key", MailgunRequests.newToken());

        assertThatThrownBy(() -> receive(forged)).cause().isInstanceOf(SecurityException.class)
                .hasMessage("invalid signature");
    }

    @Test
    void refusesAStaleInboundPost() {
        WebhookRequest stale = MailgunRequests.inbound(NOW.minus(Duration.ofMinutes(10)), SIGNING_KEY,
                MailgunRequests.newToken());

        assertThatThrownBy(() -> receive(stale)).cause().isInstanceOf(SecurityException.class)
                .hasMessage("stale timestamp");
    }

    @Test
    void refusesAPostWithoutSignature() {
        WebhookRequest unsigned = MailgunRequests.form(Map.of("from", "alice@example.com", "body-plain", "hi"));

        assertThatThrownBy(() -> receive(unsigned)).cause().isInstanceOf(SecurityException.class)
                .hasMessage("missing signature");
    }
}
