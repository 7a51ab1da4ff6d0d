package io.leadflow.plugins.vapi;

import io.leadflow.api.channel.CallReport;
import io.leadflow.api.channel.Channel;
import io.leadflow.api.channel.ChannelContext;
import io.leadflow.api.channel.ChannelDescriptor;
import io.leadflow.api.channel.ChannelException;
import io.leadflow.api.channel.ChannelWebhooks;
import io.leadflow.api.channel.DeliveryReport;
import io.leadflow.api.channel.InboundMessage;
import io.leadflow.api.channel.Medium;
import io.leadflow.api.channel.OutboundMessage;
import io.leadflow.api.channel.SendOptions;
import io.leadflow.api.channel.SendReceipt;
import io.leadflow.api.channel.SendWithOptions;
import io.leadflow.api.channel.WebhookContent;
import io.leadflow.api.http.HttpRequest;
import io.leadflow.api.http.HttpResponse;
import io.leadflow.api.trigger.WebhookOutcome;
import io.leadflow.api.trigger.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.pf4j.Extension;

/**
 * Voice calls through VAPI as a LeadFlow channel. A send places an outbound call
 * ({@code POST /call}) from the credential's number with its assistant, the
 * {@link SendOptions#variables() variables} as the assistant's {@code variableValues}; the lead's
 * phone and voice consent come from the kernel. VAPI's server-URL webhook, authenticated by the
 * credential's secret, carries {@code status-update}s (delivery reports on the call) and the
 * {@code end-of-call-report} (a {@link CallReport}); it is answered 200 at once, since VAPI sends the
 * report once and does not retry.
 */
@Extension
public final class VapiChannel implements Channel, ChannelWebhooks, SendWithOptions {

    /** The channel id; its webhook route is {@code /hooks/channels/vapi/call}. */
    public static final String CHANNEL_ID = "vapi.call";

    private static final ChannelDescriptor DESCRIPTOR = new ChannelDescriptor(CHANNEL_ID, Medium.VOICE,
            "Voice call (VAPI)", VapiCredentialType.TYPE_ID);
    private static final WebhookOutcome.Reply RECEIVED = new WebhookOutcome.Reply(200, "application/json",
            "{\"received\":true}");
    private static final int MAX_MESSAGE_LENGTH = 300;

    /** Creates the channel; PF4J calls this. */
    public VapiChannel() {
        // stateless: the credential and HTTP client come with each call
    }

    /** @return {@code vapi.call}, a voice channel using {@code vapi.account} */
    @Override
    public ChannelDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /** Places a call without variables. */
    @Override
    public CompletionStage<SendReceipt> send(OutboundMessage message, ChannelContext context) {
        return send(message, SendOptions.none(), context);
    }

    /** Places a call to {@code message.to()}, the lead's E.164 number; the receipt's id is VAPI's call id. */
    @Override
    public CompletionStage<SendReceipt> send(OutboundMessage message, SendOptions options, ChannelContext context) {
        if (message.medium() != Medium.VOICE) {
            return CompletableFuture.failedFuture(new ChannelException("the VAPI channel places calls, not "
                    + message.medium() + " messages", false, "bad_request"));
        }
        if (options.template().isPresent() || options.tag().isPresent()) {
            return CompletableFuture.failedFuture(new ChannelException("VAPI takes variables, not templates or "
                    + "message tags", false, "unsupported_option"));
        }
        VapiAccount account;
        try {
            account = VapiAccount.from(context.credential());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new ChannelException(e.getMessage(), false, "invalid_credential"));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("assistantId", account.assistantId());
        body.put("phoneNumberId", account.phoneNumberId());
        body.put("customer", Map.of("number", message.to()));
        if (!options.variables().isEmpty()) {
            body.put("assistantOverrides", Map.of("variableValues", options.variables()));
        }
        if (!message.metadata().isEmpty()) {
            body.put("metadata", message.metadata());
        }
        HttpRequest request = HttpRequest.post(account.callUri())
                .header("Authorization", "Bearer " + account.apiKey())
                .header("Accept", "application/json")
                .json(Json.write(body))
                .build();
        CompletionStage<HttpResponse> answer;
        try {
            answer = context.http().send(request);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        return answer.handle((response, error) -> {
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                throw new ChannelException("cannot reach VAPI: " + cause, true, "unreachable");
            }
            return receipt(response);
        });
    }

    private static SendReceipt receipt(HttpResponse response) {
        Map<String, Object> body = Json.objectOrNull(response.body());
        if (response.successful()) {
            String id = Json.text(body, "id");
            if (id == null || id.isBlank()) {
                // VAPI placed the call; a retry could call the lead twice
                throw new ChannelException("VAPI accepted the call but returned no id", false, "unexpected_response");
            }
            String status = Json.text(body, "status");
            return new SendReceipt(id, status == null ? "queued" : status);
        }
        int status = response.status();
        String explained = explanation(body, response);
        if (status == 401 || status == 403) {
            throw new ChannelException("VAPI refused the API key: " + explained, false, "unauthorized");
        }
        if (status == 402) {
            throw new ChannelException("VAPI refused the call for billing (HTTP 402): " + explained, false,
                    "payment_required");
        }
        if (status == 429) {
            throw new ChannelException("VAPI's rate limit was reached: " + explained, true, "rate_limited");
        }
        if (status >= 500) {
            throw new ChannelException("VAPI failed with HTTP " + status + ": " + explained, true, "provider_error");
        }
        throw new ChannelException("VAPI refused the call with HTTP " + status + ": " + explained, false, "rejected");
    }

    /** VAPI's {@code message}: one text or a list of validation messages. */
    private static String explanation(Map<String, Object> body, HttpResponse response) {
        Object message = body == null ? null : body.get("message");
        String text = message instanceof List<?> list ? String.join("; ", list.stream().map(String::valueOf).toList())
                : message instanceof String one ? one : response.bodyText().strip();
        if (text.isEmpty()) {
            return "no explanation";
        }
        return text.length() > MAX_MESSAGE_LENGTH ? text.substring(0, MAX_MESSAGE_LENGTH) + "..." : text;
    }

    /** Calls carry no inbound message. */
    @Override
    public CompletionStage<Optional<InboundMessage>> receive(WebhookRequest request, ChannelContext context) {
        return handle(request, context).thenApply(content -> content.messages().stream().findFirst());
    }

    /**
     * Checks the secret (constant time), then reads {@code {"message": {"type", "call": {"id"}, ...}}}:
     * a {@code status-update} becomes a delivery report on the call, an {@code end-of-call-report} a
     * {@link CallReport}; every other type is acknowledged. The stage fails with a
     * {@link SecurityException} without the right secret.
     */
    @Override
    public CompletionStage<WebhookContent> handle(WebhookRequest request, ChannelContext context) {
        VapiAccount account;
        try {
            account = VapiAccount.from(context.credential());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new SecurityException("cannot verify VAPI's request: " + e.getMessage()));
        }
        if (!authentic(request, account)) {
            return CompletableFuture.failedFuture(new SecurityException("missing or wrong "
                    + (account.bearer() ? "Authorization: Bearer secret" : "X-Vapi-Secret")));
        }
        Map<String, Object> body = Json.objectOrNull(request.body());
        Map<String, Object> message = Json.object(body, "message");
        if (message.isEmpty()) {
            return CompletableFuture.completedFuture(WebhookContent.reply(400, "application/json",
                    "{\"error\":\"not a VAPI server message: no message object\"}"));
        }
        String callId = Json.text(Json.object(message, "call"), "id");
        WebhookContent.Builder content = WebhookContent.builder().reply(RECEIVED);
        String type = Json.text(message, "type");
        if (callId != null && "status-update".equals(type) && Json.text(message, "status") != null) {
            content.report(new DeliveryReport(callId, Json.text(message, "status"), null, null));
        } else if (callId != null && "end-of-call-report".equals(type)) {
            content.call(report(callId, message));
        }
        return CompletableFuture.completedFuture(content.build());
    }

    private static boolean authentic(WebhookRequest request, VapiAccount account) {
        if (account.serverSecret() == null) {
            return false;
        }
        String given = account.bearer() ? bearerToken(request.header("Authorization")) : request.header("X-Vapi-Secret");
        return given != null && MessageDigest.isEqual(account.serverSecret().getBytes(StandardCharsets.UTF_8),
                given.trim().getBytes(StandardCharsets.UTF_8));
    }

    private static String bearerToken(String header) {
        return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7) : null;
    }

    @SuppressWarnings("unchecked")
    private static CallReport report(String callId, Map<String, Object> message) {
        Map<String, Object> artifact = Json.object(message, "artifact");
        Map<String, Object> analysis = Json.object(message, "analysis");
        String endedReason = Json.text(message, "endedReason");
        String transcript = Json.text(artifact, "transcript") != null ? Json.text(artifact, "transcript")
                : Json.text(message, "transcript");
        String summary = Json.text(analysis, "summary") != null ? Json.text(analysis, "summary")
                : Json.text(message, "summary");
        Map<String, Object> structured = analysis.get("structuredData") instanceof Map<?, ?> data
                ? (Map<String, Object>) data : Map.of();
        Double cost = message.get("cost") instanceof Number number ? number.doubleValue() : null;
        return new CallReport(callId, CallOutcomes.of(endedReason), endedReason, transcript, summary, structured, cost,
                instant(Json.text(message, "startedAt")), instant(Json.text(message, "endedAt")));
    }

    private static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
