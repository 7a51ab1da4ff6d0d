package io.leadflow.plugins.vapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.api.channel.CallReport;
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
import io.leadflow.testkit.TestContext;
import io.leadflow.testkit.TestCredential;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VapiChannelTest {
    private static final String SECRET = "vapi-server-secret";
    private final VapiChannel channel = new VapiChannel();
    private FakeVapi vapi;

    @BeforeEach
    void start() throws Exception {
        vapi = new FakeVapi();
    }

    @AfterEach
    void stop() {
        vapi.close();
    }

    private ChannelContext context(Map<String, Object> overrides) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("apiKey", FakeVapi.API_KEY);
        fields.put("phoneNumberId", FakeVapi.PHONE_NUMBER_ID);
        fields.put("assistantId", FakeVapi.ASSISTANT_ID);
        fields.put("serverSecret", SECRET);
        fields.put("baseUrl", vapi.baseUrl());
        fields.putAll(overrides);
        return TestContext.builder().credential(TestCredential.of(VapiCredentialType.TYPE_ID, fields)).build()
                .asChannelContext();
    }

    private SendReceipt call(ChannelContext context, String to, SendOptions options) throws Exception {
        return channel.send(new OutboundMessage(Medium.VOICE, to, null, null, "[VAPI call]", null, null,
                Map.of("leadId", "l-1"), "k"), options, context).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private ChannelException refused(ChannelContext context, String to, SendOptions options) throws Exception {
        try {
            call(context, to, options);
            throw new AssertionError("the call was placed");
        } catch (ExecutionException e) {
            return (ChannelException) e.getCause();
        }
    }

    @Test
    void placesTheCallWithTheAssistantTheNumberTheVariablesAndTheLead() throws Exception {
        SendReceipt receipt = call(context(Map.of()), "+14155550199",
                SendOptions.builder().variables(Map.of("firstName", "Ada", "product", "solar panels")).build());

        assertThat(receipt.providerMessageId()).hasSize(36);
        assertThat(receipt.status()).isEqualTo("queued");
        FakeVapi.Received request = vapi.last();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/call");
        assertThat(request.authorization()).isEqualTo("Bearer " + FakeVapi.API_KEY);
        assertThat(request.json()).containsEntry("assistantId", FakeVapi.ASSISTANT_ID)
                .containsEntry("phoneNumberId", FakeVapi.PHONE_NUMBER_ID)
                .containsEntry("customer", Map.of("number", "+14155550199"))
                .containsEntry("assistantOverrides", Map.of("variableValues", Map.of("firstName", "Ada", "product",
                        "solar panels")))
                .containsEntry("metadata", Map.of("leadId", "l-1"));
    }

    @Test
    void eachRefusalIsMappedToWhetherARetryMayHelp() throws Exception {
        ChannelContext context = context(Map.of());
        ChannelException invalid = refused(context, "4155550199", SendOptions.none());
        assertThat(invalid.retryable()).isFalse();
        assertThat(invalid.code()).isEqualTo("rejected");
        assertThat(invalid.getMessage()).contains("E.164", "HTTP 400");

        ChannelException key = refused(context(Map.of("apiKey", "wrong")), "+14155550199", SendOptions.none());
        assertThat(key.code()).isEqualTo("unauthorized");
        assertThat(key.getMessage()).contains("Invalid Key");

        vapi.answerNext(402, "{\"message\":\"Wallet balance is too low.\",\"error\":\"Payment Required\",\"statusCode\":402}");
        assertThat(refused(context, "+14155550199", SendOptions.none()).code()).isEqualTo("payment_required");
        vapi.answerNext(429, "{\"message\":\"Too Many Requests\",\"statusCode\":429}");
        ChannelException limited = refused(context, "+14155550199", SendOptions.none());
        assertThat(limited.retryable()).isTrue();
        assertThat(limited.code()).isEqualTo("rate_limited");
        vapi.answerNext(503, "<html>Service Unavailable</html>");
        assertThat(refused(context, "+14155550199", SendOptions.none()).code()).isEqualTo("provider_error");
        vapi.answerNext(201, "{\"status\":\"queued\"}");
        ChannelException noId = refused(context, "+14155550199", SendOptions.none());
        assertThat(noId.retryable()).as("a retry could call twice").isFalse();

        int calls = vapi.received().size();
        assertThat(refused(context, "+14155550199", SendOptions.builder()
                .template(new MessageTemplate("t", "en", List.of())).build()).code()).isEqualTo("unsupported_option");
        assertThat(vapi.received()).hasSize(calls);
    }

    @Test
    void theConnectionTestReadsThePhoneNumber() throws Exception {
        ConnectionTest ok = new VapiCredentialType().test(TestCredential.of(VapiCredentialType.TYPE_ID, Map.of(
                "apiKey", FakeVapi.API_KEY, "phoneNumberId", FakeVapi.PHONE_NUMBER_ID, "assistantId", "a",
                "baseUrl", vapi.baseUrl())), TestContext.builder().build().http()).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(ok.ok()).as(ok.message()).isTrue();
        assertThat(ok.message()).contains("+15550002222");
        ConnectionTest wrong = new VapiCredentialType().test(TestCredential.of(VapiCredentialType.TYPE_ID, Map.of(
                "apiKey", "nope", "phoneNumberId", FakeVapi.PHONE_NUMBER_ID, "assistantId", "a",
                "baseUrl", vapi.baseUrl())), TestContext.builder().build().http()).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(wrong.message()).isEqualTo("VAPI refused the API key");
    }

    // ------------------------------------------------------------------ webhook

    static final String END_OF_CALL = """
            {"message":{"type":"end-of-call-report","timestamp":1765015500000,"endedReason":"customer-ended-call",
             "startedAt":"2026-12-06T10:00:05.000Z","endedAt":"2026-12-06T10:03:12.000Z","cost":0.1342,
             "artifact":{"transcript":"AI: Hi Ada, this is Sam from Sunny Roofs.\\nUser: Hi, yes, I asked for a quote.",
               "messages":[{"role":"bot","message":"Hi Ada, this is Sam from Sunny Roofs."}]},
             "analysis":{"summary":"Ada wants a quote for 12 panels; call back Monday.",
               "structuredData":{"interested":true,"panels":12},"successEvaluation":"true"},
             "call":{"id":"c0ffee00-1111-2222-3333-444455556666","type":"outboundPhoneCall","status":"ended"}}}""";

    private WebhookContent post(ChannelContext context, String body, Map<String, List<String>> headers) throws Exception {
        return channel.handle(new WebhookRequest("POST", "channels/vapi/call", Map.of(), headers,
                body.getBytes(StandardCharsets.UTF_8), "127.0.0.1", Instant.now()), context).toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
    }

    @Test
    void anEndOfCallReportBecomesACallReportAnsweredAtOnce() throws Exception {
        WebhookContent content = post(context(Map.of()), END_OF_CALL, Map.of("X-Vapi-Secret", List.of(SECRET)));
        CallReport report = content.calls().get(0);
        assertThat(report.providerCallId()).isEqualTo("c0ffee00-1111-2222-3333-444455556666");
        assertThat(report.outcome()).isEqualTo("answered");
        assertThat(report.endedReason()).isEqualTo("customer-ended-call");
        assertThat(report.transcript()).startsWith("AI: Hi Ada").contains("User: Hi, yes");
        assertThat(report.summary()).contains("12 panels");
        assertThat(report.structuredData()).containsEntry("interested", true).containsEntry("panels", 12);
        assertThat(report.cost()).isEqualTo(0.1342);
        assertThat(report.startedAt()).isEqualTo(Instant.parse("2026-12-06T10:00:05Z"));
        assertThat(report.endedAt()).isEqualTo(Instant.parse("2026-12-06T10:03:12Z"));
        assertThat(content.reply()).hasValueSatisfying(reply -> assertThat(reply.status()).isEqualTo(200));
    }

    @Test
    void aStatusUpdateIsAReportOnTheCallOtherTypesAreOnlyAcknowledged() throws Exception {
        WebhookContent ringing = post(context(Map.of()), """
                {"message":{"type":"status-update","status":"ringing","call":{"id":"call-1"}}}""",
                Map.of("X-Vapi-Secret", List.of(SECRET)));
        assertThat(ringing.reports()).containsExactly(new DeliveryReport("call-1", "ringing", null, null));
        WebhookContent transcript = post(context(Map.of()), """
                {"message":{"type":"transcript","role":"user","transcriptType":"final","transcript":"Hi","call":{"id":"call-1"}}}""",
                Map.of("X-Vapi-Secret", List.of(SECRET)));
        assertThat(transcript.reports()).isEmpty();
        assertThat(transcript.calls()).isEmpty();
        assertThat(transcript.reply()).isPresent();
        WebhookContent notVapi = post(context(Map.of()), "[1,2]", Map.of("X-Vapi-Secret", List.of(SECRET)));
        assertThat(notVapi.reply().orElseThrow().status()).isEqualTo(400);
    }

    @Test
    void theSecretIsCheckedInTheConfiguredHeader() throws Exception {
        ChannelContext header = context(Map.of());
        assertThat(channel.handle(new WebhookRequest("POST", "channels/vapi/call", Map.of(),
                Map.of("X-Vapi-Secret", List.of("guess")), END_OF_CALL.getBytes(StandardCharsets.UTF_8), "127.0.0.1",
                Instant.now()), header)).failsWithin(5, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(SecurityException.class);
        assertThat(channel.handle(new WebhookRequest("POST", "channels/vapi/call", Map.of(), Map.of(),
                END_OF_CALL.getBytes(StandardCharsets.UTF_8), "127.0.0.1", Instant.now()), header))
                .failsWithin(5, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class)
                .withMessageContaining("X-Vapi-Secret");

        ChannelContext bearer = context(Map.of("secretHeader", "bearer"));
        assertThat(post(bearer, END_OF_CALL, Map.of("Authorization", List.of("Bearer " + SECRET))).calls()).hasSize(1);
        assertThat(channel.handle(new WebhookRequest("POST", "channels/vapi/call", Map.of(),
                Map.of("X-Vapi-Secret", List.of(SECRET)), END_OF_CALL.getBytes(StandardCharsets.UTF_8), "127.0.0.1",
                Instant.now()), bearer)).as("the other header does not count").failsWithin(5, TimeUnit.SECONDS)
                .withThrowableOfType(ExecutionException.class);
    }

    @ParameterizedTest
    @CsvSource({"customer-ended-call,answered", "assistant-ended-call,answered", "silence-timed-out,answered",
            "exceeded-max-duration,answered", "customer-did-not-answer,no-answer", "customer-busy,busy",
            "voicemail,voicemail", "pipeline-error-openai-llm-failed,failed", "call.start.error-get-assistant,failed",
            "twilio-failed-to-connect-call,failed", "assistant-request-failed,failed"})
    void endedReasonsMapToOutcomes(String reason, String outcome) {
        assertThat(CallOutcomes.of(reason)).isEqualTo(outcome);
    }
}
