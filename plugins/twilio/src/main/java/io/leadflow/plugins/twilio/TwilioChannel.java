package io.leadflow.plugins.twilio;

import io.leadflow.api.channel.Channel;
import io.leadflow.api.channel.ChannelContext;
import io.leadflow.api.channel.ChannelDescriptor;
import io.leadflow.api.channel.ChannelException;
import io.leadflow.api.channel.ChannelWebhooks;
import io.leadflow.api.channel.DeliveryReport;
import io.leadflow.api.channel.InboundMessage;
import io.leadflow.api.channel.Medium;
import io.leadflow.api.channel.OutboundMessage;
import io.leadflow.api.channel.SendReceipt;
import io.leadflow.api.channel.WebhookContent;
import io.leadflow.api.trigger.WebhookRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.pf4j.Extension;

/**
 * SMS through Twilio as a LeadFlow channel: sends with the Messages API and turns Twilio's signed
 * form posts into an {@link InboundMessage} (an incoming SMS) or a {@link DeliveryReport} (a
 * delivery callback: queued, sent, delivered, undelivered, failed).
 */
@Extension
public final class TwilioChannel implements Channel, ChannelWebhooks {

    /** The channel id; its inbound route is {@code /hooks/channels/twilio/sms}. */
    public static final String CHANNEL_ID = "twilio.sms";

    private static final ChannelDescriptor DESCRIPTOR = new ChannelDescriptor(CHANNEL_ID, Medium.SMS, "SMS (Twilio)",
            TwilioCredentialType.TYPE_ID);

    private final Clock clock;

    /** Creates the channel; PF4J calls this. */
    public TwilioChannel() {
        this(Clock.systemUTC());
    }

    TwilioChannel(Clock clock) {
        this.clock = clock;
    }

    /** @return {@code twilio.sms}, an SMS channel using {@code twilio.account} */
    @Override
    public ChannelDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /** Sends the message's text to its E.164 number. */
    @Override
    public CompletionStage<SendReceipt> send(OutboundMessage message, ChannelContext context) {
        if (message.medium() != Medium.SMS) {
            return CompletableFuture.failedFuture(new ChannelException(
                    "the Twilio channel sends SMS, not " + message.medium(), false, "bad_request"));
        }
        TwilioAccount account;
        try {
            account = TwilioAccount.from(context.credential());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new ChannelException(e.getMessage(), false, "invalid_credential"));
        }
        return new TwilioClient(context.http()).send(account, message.to(), message.text());
    }

    /** Reads a verified post; a delivery callback yields nothing here (see {@link #handle}). */
    @Override
    public CompletionStage<Optional<InboundMessage>> receive(WebhookRequest request, ChannelContext context) {
        return handle(request, context).thenApply(content -> content.messages().stream().findFirst());
    }

    /**
     * Verifies {@code X-Twilio-Signature} over the URL Twilio called and the posted parameters, then
     * reads the post: an incoming SMS ({@code Body}) or a delivery callback ({@code MessageStatus},
     * {@code ErrorCode}). The stage fails with a {@link SecurityException} for anything unverified.
     */
    @Override
    public CompletionStage<WebhookContent> handle(WebhookRequest request, ChannelContext context) {
        TwilioAccount account;
        try {
            account = TwilioAccount.from(context.credential());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new SecurityException("cannot verify Twilio's request: "
                    + e.getMessage()));
        }
        Map<String, List<String>> form = request.method().equalsIgnoreCase("POST") ? request.formFields() : Map.of();
        String url = account.webhookUrl() != null ? account.webhookUrl() : requestedUrl(request);
        if (!TwilioSignature.valid(account.authToken(), url, form, request.header("X-Twilio-Signature"))) {
            return CompletableFuture.failedFuture(new SecurityException(
                    request.header("X-Twilio-Signature") == null ? "missing X-Twilio-Signature" : "invalid signature"));
        }
        String body = first(form, "Body");
        String sid = first(form, "MessageSid") != null ? first(form, "MessageSid") : first(form, "SmsMessageSid");
        String from = first(form, "From");
        String status = first(form, "MessageStatus");
        if (body == null && sid != null && status != null) {
            String errorCode = first(form, "ErrorCode");
            return CompletableFuture.completedFuture(WebhookContent.of(List.of(new DeliveryReport(sid, status,
                    errorCode, errorCode == null ? null : first(form, "ErrorMessage")))));
        }
        if (body == null || sid == null || from == null) {
            return CompletableFuture.completedFuture(WebhookContent.none());
        }
        Map<String, Object> raw = new LinkedHashMap<>();
        form.forEach((name, values) -> raw.put(name, values.size() == 1 ? values.get(0) : values));
        return CompletableFuture.completedFuture(WebhookContent.of(new InboundMessage(Medium.SMS, CHANNEL_ID, from,
                first(form, "To"), body, sid, null, clock.instant(), raw)));
    }

    /**
     * The URL as the kernel saw it, for a credential without a configured one: right only when no
     * proxy rewrites scheme, host or path.
     */
    static String requestedUrl(WebhookRequest request) {
        String scheme = request.header("X-Forwarded-Proto") != null ? request.header("X-Forwarded-Proto") : "http";
        StringBuilder url = new StringBuilder(scheme).append("://").append(request.header("Host"))
                .append("/hooks/").append(request.path());
        StringJoiner query = new StringJoiner("&");
        request.query().forEach((name, values) -> values.forEach(value -> query.add(
                URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8))));
        if (query.length() > 0) {
            url.append('?').append(query);
        }
        return url.toString();
    }

    private static String first(Map<String, List<String>> form, String name) {
        List<String> values = form.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
