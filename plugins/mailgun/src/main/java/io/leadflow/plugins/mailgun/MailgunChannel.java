package io.leadflow.plugins.mailgun;

import io.leadflow.api.channel.Channel;
import io.leadflow.api.channel.ChannelContext;
import io.leadflow.api.channel.ChannelDescriptor;
import io.leadflow.api.channel.ChannelException;
import io.leadflow.api.channel.InboundMessage;
import io.leadflow.api.channel.Medium;
import io.leadflow.api.channel.OutboundMessage;
import io.leadflow.api.channel.SendReceipt;
import io.leadflow.api.trigger.WebhookRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pf4j.Extension;

/**
 * Email through Mailgun as a LeadFlow channel: sends with the messages API, and turns the post of
 * an inbound route ({@code forward("https://.../hooks/...")}) into an {@link InboundMessage}.
 * Event webhooks (delivered, opened, ...) are authentic but carry no message, so they yield none.
 */
@Extension
public final class MailgunChannel implements Channel {

    /** The channel id. */
    public static final String CHANNEL_ID = "mailgun.email";

    private static final ChannelDescriptor DESCRIPTOR = new ChannelDescriptor(CHANNEL_ID, Medium.EMAIL,
            "Email (Mailgun)", MailgunCredentialType.TYPE_ID);
    private static final Pattern ANGLE_ADDRESS = Pattern.compile("<([^<>@\\s]+@[^<>\\s]+)>");

    private final WebhookSignatureVerifier verifier;

    /** Creates the channel; PF4J calls this. */
    public MailgunChannel() {
        this(Clock.systemUTC());
    }

    /** A channel that judges signature freshness by {@code clock}. */
    MailgunChannel(Clock clock) {
        this.verifier = new WebhookSignatureVerifier(clock);
    }

    /** @return {@code mailgun.email}, an email channel using {@code mailgun.api-key} */
    @Override
    public ChannelDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /**
     * Sends an email; the sender defaults to the credential's, the metadata becomes Mailgun user
     * variables and the idempotency key a header.
     */
    @Override
    public CompletionStage<SendReceipt> send(OutboundMessage message, ChannelContext context) {
        if (message.medium() != Medium.EMAIL) {
            return CompletableFuture.failedFuture(new ChannelException(
                    "the Mailgun channel sends email, not " + message.medium(), false, "bad_request"));
        }
        MailgunAccount account;
        try {
            account = MailgunAccount.from(context.credential());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new ChannelException(e.getMessage(), false, "invalid_credential"));
        }
        String from = message.from() != null && !message.from().isBlank() ? message.from() : account.defaultFrom();
        MailgunMessage email = new MailgunMessage(from, List.of(message.to()), message.subject(), message.text(),
                message.html(), message.tags(), null, null, message.metadata(), message.idempotencyKey());
        return new MailgunClient(context.http()).send(account, email);
    }

    /**
     * Verifies and reads an inbound route post. The stage fails with a {@link SecurityException}
     * for anything that cannot be verified. Unlike the {@code mailgun.events} trigger, a channel
     * has no state to remember tokens in, so only the replay window guards against replays.
     */
    @Override
    public CompletionStage<Optional<InboundMessage>> receive(WebhookRequest request, ChannelContext context) {
        String signingKey = MailgunAccount.blankToNull(
                context.credential().get(MailgunCredentialType.WEBHOOK_SIGNING_KEY));
        if (signingKey == null) {
            return CompletableFuture.failedFuture(
                    new SecurityException("the Mailgun credential has no webhook signing key"));
        }
        MailgunWebhook webhook;
        try {
            webhook = MailgunWebhook.parse(request);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new SecurityException("cannot verify a malformed Mailgun request: "
                    + e.getMessage()));
        }
        WebhookSignatureVerifier.Verdict verdict = verifier.verify(signingKey, webhook.signature());
        if (verdict != WebhookSignatureVerifier.Verdict.VALID) {
            return CompletableFuture.failedFuture(new SecurityException(switch (verdict) {
                case MISSING -> "missing signature";
                case STALE -> "stale timestamp";
                default -> "invalid signature";
            }));
        }
        if (!webhook.inbound()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return CompletableFuture.completedFuture(Optional.of(toMessage(webhook)));
    }

    private static InboundMessage toMessage(MailgunWebhook webhook) {
        String from = address(webhook.field("from"));
        if (from == null) {
            from = webhook.field("sender");
        }
        if (from == null) {
            from = "";
        }
        String stripped = webhook.field("stripped-text");
        String text = stripped != null && !stripped.isBlank() ? stripped : webhook.field("body-plain");
        // the verifier has checked that the timestamp is a recent epoch second
        Instant receivedAt = Instant.ofEpochSecond(Long.parseLong(webhook.signature().timestamp().trim()));
        return new InboundMessage(Medium.EMAIL, CHANNEL_ID, from, webhook.field("recipient"), text,
                webhook.field("Message-Id"), webhook.field("In-Reply-To"),
                receivedAt, webhook.formAsJson());
    }

    /**
     * The bare address of a From header ({@code Bob <bob@example.com>} gives
     * {@code bob@example.com}), since leads are matched by address, not by display name.
     */
    static String address(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        Matcher angle = ANGLE_ADDRESS.matcher(header);
        if (angle.find()) {
            return angle.group(1);
        }
        String trimmed = header.trim();
        return trimmed.contains("@") ? trimmed : null;
    }
}
