package io.leadflow.plugins.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.api.channel.ChannelContext;
import io.leadflow.api.channel.ChannelException;
import io.leadflow.api.channel.DeliveryReport;
import io.leadflow.api.channel.InboundMessage;
import io.leadflow.api.channel.Medium;
import io.leadflow.api.channel.OutboundMessage;
import io.leadflow.api.channel.SendReceipt;
import io.leadflow.api.channel.WebhookContent;
import io.leadflow.api.credential.ConnectionTest;
import io.leadflow.api.trigger.WebhookRequest;
import io.leadflow.testkit.TestContext;
import io.leadflow.testkit.TestCredential;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TwilioChannelTest {
    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
    private static final String WEBHOOK_URL = "https://leads.example.com/hooks/channels/twilio/sms?credential=c-1";
    private final TwilioChannel channel = new TwilioChannel(Clock.fixed(NOW, ZoneOffset.UTC));
    private FakeTwilio twilio;
    private ChannelContext context;

    @BeforeEach
    void start() throws Exception {
        twilio = FakeTwilio.start();
        context = context(credential(Map.of()));
    }

    @AfterEach
    void stop() {
        twilio.close();
    }

    private TestCredential credential(Map<String, Object> overrides) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("accountSid", FakeTwilio.ACCOUNT_SID);
        fields.put("authToken", FakeTwilio.AUTH_TOKEN);
        fields.put("from", FakeTwilio.FROM);
        fields.put("webhookUrl", WEBHOOK_URL);
        fields.put("baseUrl", twilio.baseUrl());
        fields.putAll(overrides);
        return TestCredential.of(TwilioCredentialType.TYPE_ID, fields);
    }

    private static ChannelContext context(TestCredential credential) {
        return TestContext.builder().credential(credential).build().asChannelContext();
    }

    private SendReceipt send(String to, String text) throws Exception {
        return channel.send(new OutboundMessage(Medium.SMS, to, null, null, text, null, null, null, "ex-1:n:1"), context)
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private ChannelException failure(String to, String text) throws Exception {
        try {
            send(to, text);
            throw new AssertionError("the send succeeded");
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(ChannelException.class);
            return (ChannelException) e.getCause();
        }
    }

    @Test
    void sendsAFormWithBasicAuthToTheAccountsMessagesResource() throws Exception {
        SendReceipt receipt = send("+15558675310", "Hi Ada, your quote is ready");

        assertThat(receipt.providerMessageId()).startsWith("SM").hasSize(34);
        assertThat(receipt.status()).isEqualTo("queued");
        FakeTwilio.Received request = twilio.last();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/2010-04-01/Accounts/" + FakeTwilio.ACCOUNT_SID + "/Messages.json");
        assertThat(request.authorization()).isEqualTo(FakeTwilio.basicAuth(FakeTwilio.ACCOUNT_SID, FakeTwilio.AUTH_TOKEN));
        assertThat(request.field("To")).isEqualTo("+15558675310");
        assertThat(request.field("From")).isEqualTo(FakeTwilio.FROM);
        assertThat(request.field("Body")).isEqualTo("Hi Ada, your quote is ready");
        assertThat(request.field("StatusCallback")).isEqualTo(WEBHOOK_URL);
    }

    @Test
    void aMessagingServiceReplacesTheFromNumber() throws Exception {
        context = context(credential(Map.of("messagingServiceSid", "MG0123456789abcdef0123456789abcdef")));
        send("+15558675310", "Hi");
        assertThat(twilio.last().field("MessagingServiceSid")).isEqualTo("MG0123456789abcdef0123456789abcdef");
        assertThat(twilio.last().field("From")).isNull();
    }

    @Test
    void anUnsubscribedRecipientIsAPermanentOptOut() throws Exception {
        twilio.unsubscribe("+15558675310");
        ChannelException refused = failure("+15558675310", "Hi");
        assertThat(refused.retryable()).isFalse();
        assertThat(refused.code()).isEqualTo(TwilioClient.OPTED_OUT);
        assertThat(refused.getMessage()).contains("unsubscribed", "21610", "Attempt to send to unsubscribed recipient");
    }

    @Test
    void rateLimitsAndServerErrorsAreRetryableOtherRefusalsPermanent() throws Exception {
        twilio.answerNext(429, FakeTwilio.error(20429, "Too Many Requests", 429));
        ChannelException limited = failure("+15558675310", "Hi");
        assertThat(limited.retryable()).isTrue();
        assertThat(limited.code()).isEqualTo("rate_limited");

        twilio.answerNext(503, "<html>Service Unavailable</html>");
        ChannelException down = failure("+15558675310", "Hi");
        assertThat(down.retryable()).isTrue();
        assertThat(down.code()).isEqualTo("provider_error");

        twilio.answerNext(400, FakeTwilio.error(21211, "Invalid 'To' Phone Number: +1555", 400));
        ChannelException invalid = failure("+1555", "Hi");
        assertThat(invalid.retryable()).isFalse();
        assertThat(invalid.code()).isEqualTo("rejected");
        assertThat(invalid.getMessage()).contains("Invalid 'To' Phone Number", "21211");

        context = context(credential(Map.of("authToken", "wrong-token")));
        ChannelException unauthorized = failure("+15558675310", "Hi");
        assertThat(unauthorized.retryable()).isFalse();
        assertThat(unauthorized.code()).isEqualTo("unauthorized");
        assertThat(unauthorized.getMessage()).contains("20003").doesNotContain("wrong-token");
    }

    @Test
    void anUnreachableTwilioIsRetryable() throws Exception {
        String base = twilio.baseUrl();
        twilio.close();
        context = context(credential(Map.of("baseUrl", base)));
        ChannelException unreachable = failure("+15558675310", "Hi");
        assertThat(unreachable.retryable()).isTrue();
        assertThat(unreachable.code()).isEqualTo("unreachable");
    }

    @Test
    void refusesBeforeCallingTwilioWhatTwilioWouldRefuse() throws Exception {
        context = context(credential(Map.of("from", "")));
        assertThat(failure("+15558675310", "Hi").code()).isEqualTo("no_sender");
        context = context(credential(Map.of("accountSid", "AC../../evil")));
        assertThat(failure("+15558675310", "Hi").code()).isEqualTo("invalid_credential");
        assertThat(twilio.received()).isEmpty();
    }

    @Test
    void anInboundSmsWithAValidSignatureBecomesAMessage() throws Exception {
        Map<String, String> form = inbound("Yes, call me tomorrow");
        Optional<InboundMessage> message = receive(form, TwilioSignature.of(FakeTwilio.AUTH_TOKEN, WEBHOOK_URL,
                multi(form)));

        assertThat(message).isPresent();
        assertThat(message.get().medium()).isEqualTo(Medium.SMS);
        assertThat(message.get().channelId()).isEqualTo("twilio.sms");
        assertThat(message.get().from()).isEqualTo("+15558675310");
        assertThat(message.get().to()).isEqualTo(FakeTwilio.FROM);
        assertThat(message.get().text()).isEqualTo("Yes, call me tomorrow");
        assertThat(message.get().providerMessageId()).isEqualTo("SM1f0e8ae6ade43cb3c0ce4525424e404f");
        assertThat(message.get().receivedAt()).isEqualTo(NOW);
        assertThat(message.get().raw()).containsEntry("NumMedia", "0");
    }

    @Test
    void aForgedOrAlteredPostIsRefused() throws Exception {
        Map<String, String> form = inbound("Yes");
        String signature = TwilioSignature.of(FakeTwilio.AUTH_TOKEN, WEBHOOK_URL, multi(form));
        assertThat(refusal(form, null)).hasMessageContaining("missing X-Twilio-Signature");
        assertThat(refusal(form, TwilioSignature.of("another-token", WEBHOOK_URL, multi(form))))
                .hasMessageContaining("invalid signature");
        Map<String, String> altered = new LinkedHashMap<>(form);
        altered.put("Body", "No");
        assertThat(refusal(altered, signature)).hasMessageContaining("invalid signature");
        // signed for another URL (another credential's route)
        assertThat(refusal(form, TwilioSignature.of(FakeTwilio.AUTH_TOKEN, WEBHOOK_URL.replace("c-1", "c-2"),
                multi(form)))).hasMessageContaining("invalid signature");
    }

    @Test
    void aDeliveryCallbackBecomesADeliveryReport() throws Exception {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("MessageSid", "SM00000000000000000000000000000001");
        form.put("MessageStatus", "delivered");
        form.put("AccountSid", FakeTwilio.ACCOUNT_SID);
        form.put("From", FakeTwilio.FROM);
        form.put("To", "+15558675310");
        assertThat(receive(form, TwilioSignature.of(FakeTwilio.AUTH_TOKEN, WEBHOOK_URL, multi(form)))).isEmpty();
        WebhookContent outcome = channel.handle(request(form, TwilioSignature.of(FakeTwilio.AUTH_TOKEN, WEBHOOK_URL,
                multi(form))), context).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(outcome.messages()).isEmpty();
        assertThat(outcome.reports()).containsExactly(
                new DeliveryReport("SM00000000000000000000000000000001", "delivered", null, null));
        assertThat(refusal(form, "forged")).hasMessageContaining("invalid signature");

        form.put("MessageStatus", "undelivered");
        form.put("ErrorCode", "30003");
        WebhookContent failed = channel.handle(request(form, TwilioSignature.of(FakeTwilio.AUTH_TOKEN, WEBHOOK_URL,
                multi(form))), context).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(failed.reports()).singleElement().satisfies(report -> {
            assertThat(report.status()).isEqualTo("undelivered");
            assertThat(report.errorCode()).isEqualTo("30003");
        });
    }

    @Test
    void withoutAConfiguredUrlTheSignedUrlIsTheOneTheKernelWasCalledOn() throws Exception {
        context = context(credential(Map.of("webhookUrl", "")));
        Map<String, String> form = inbound("Hello");
        String url = "https://leads.example.com/hooks/channels/twilio/sms?credential=c-1";
        Optional<InboundMessage> message = receive(form, TwilioSignature.of(FakeTwilio.AUTH_TOKEN, url, multi(form)));
        assertThat(message).isPresent();
    }

    @Test
    void theConnectionTestReadsTheAccount() throws Exception {
        ConnectionTest ok = new TwilioCredentialType().test(credential(Map.of()), context.http())
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(ok.ok()).as(ok.message()).isTrue();
        assertThat(twilio.last().path()).isEqualTo("/2010-04-01/Accounts/" + FakeTwilio.ACCOUNT_SID + ".json");
        ConnectionTest refused = new TwilioCredentialType().test(credential(Map.of("authToken", "nope")), context.http())
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(refused.ok()).isFalse();
        assertThat(refused.message()).contains("refused");
    }

    private static Map<String, String> inbound(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("ToCountry", "US");
        form.put("SmsMessageSid", "SM1f0e8ae6ade43cb3c0ce4525424e404f");
        form.put("NumMedia", "0");
        form.put("SmsSid", "SM1f0e8ae6ade43cb3c0ce4525424e404f");
        form.put("SmsStatus", "received");
        form.put("Body", body);
        form.put("To", FakeTwilio.FROM);
        form.put("NumSegments", "1");
        form.put("MessageSid", "SM1f0e8ae6ade43cb3c0ce4525424e404f");
        form.put("AccountSid", FakeTwilio.ACCOUNT_SID);
        form.put("From", "+15558675310");
        form.put("ApiVersion", "2010-04-01");
        return form;
    }

    private static Map<String, List<String>> multi(Map<String, String> form) {
        Map<String, List<String>> multi = new LinkedHashMap<>();
        form.forEach((name, value) -> multi.put(name, List.of(value)));
        return multi;
    }

    private Optional<InboundMessage> receive(Map<String, String> form, String signature) throws Exception {
        return channel.receive(request(form, signature), context).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private Throwable refusal(Map<String, String> form, String signature) throws Exception {
        try {
            receive(form, signature);
            throw new AssertionError("the post was accepted");
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(SecurityException.class);
            return e.getCause();
        }
    }

    /** A post as the kernel hands it over: behind a TLS proxy that sets the forwarded scheme. */
    private static WebhookRequest request(Map<String, String> form, String signature) {
        StringJoiner body = new StringJoiner("&");
        form.forEach((name, value) -> body.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(value, StandardCharsets.UTF_8)));
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Content-Type", List.of("application/x-www-form-urlencoded"));
        headers.put("Host", List.of("leads.example.com"));
        headers.put("X-Forwarded-Proto", List.of("https"));
        if (signature != null) {
            headers.put("X-Twilio-Signature", List.of(signature));
        }
        return new WebhookRequest("POST", "channels/twilio/sms", Map.of("credential", List.of("c-1")), headers,
                body.toString().getBytes(StandardCharsets.UTF_8), "127.0.0.1", NOW);
    }
}
