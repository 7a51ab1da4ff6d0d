package io.leadflow.plugins.mailgun;

import io.leadflow.api.node.Item;
import io.leadflow.api.node.NodeDescriptor;
import io.leadflow.api.node.Property;
import io.leadflow.api.trigger.TriggerContext;
import io.leadflow.api.trigger.WebhookOutcome;
import io.leadflow.api.trigger.WebhookRequest;
import io.leadflow.api.trigger.WebhookRoute;
import io.leadflow.api.trigger.WebhookTrigger;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.pf4j.Extension;

/**
 * {@code mailgun.events}: starts a run for each Mailgun event webhook (delivered, opened, clicked,
 * failed, complained, unsubscribed, ...) and each inbound route post, after checking Mailgun's
 * signature, its freshness and that its token was not seen before.
 */
@Extension
public final class MailgunEventsTrigger implements WebhookTrigger {

    /** The node type id. */
    public static final String TYPE_ID = "mailgun.events";

    /** The event names that start a run; empty for all. {@code inbound} stands for inbound mail. */
    public static final Property<List<String>> EVENTS = Property.stringList("events")
            .label("Events")
            .description("Mailgun events that start a run (delivered, opened, clicked, failed, complained, "
                    + "unsubscribed, inbound); empty for all.")
            .defaultValue(List.of())
            .build();

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.trigger(TYPE_ID)
            .label("Mailgun events")
            .description("Starts a run when Mailgun reports an email event or forwards an inbound email. "
                    + "Point a Mailgun webhook or a route's forward() at this trigger's URL.")
            .category("Email")
            .icon("mail")
            .properties(EVENTS)
            .credential(MailgunCredentialType.TYPE_ID)
            .build();

    private final WebhookSignatureVerifier verifier;

    /** Creates the trigger; PF4J calls this. */
    public MailgunEventsTrigger() {
        this(Clock.systemUTC());
    }

    /** A trigger that judges signature freshness by {@code clock}. */
    MailgunEventsTrigger(Clock clock) {
        this.verifier = new WebhookSignatureVerifier(clock);
    }

    /** @return the descriptor of {@code mailgun.events} */
    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /** @return {@code POST mailgun/<workflowId>/<nodeId>}: one URL per trigger, to give Mailgun */
    @Override
    public WebhookRoute route(TriggerContext context) {
        return new WebhookRoute("mailgun/" + context.workflowId() + "/" + context.nodeId(), Set.of("POST"));
    }

    /**
     * Verifies the signature, its freshness and the token's novelty, then starts a run, or replies
     * {@code ignored} for an event the trigger is not configured for.
     */
    @Override
    public CompletionStage<WebhookOutcome> receive(WebhookRequest request, TriggerContext context) {
        String signingKey = context.credential()
                .map(credential -> MailgunAccount.blankToNull(
                        credential.get(MailgunCredentialType.WEBHOOK_SIGNING_KEY)))
                .orElse(null);
        if (signingKey == null) {
            // not 406, on which Mailgun gives up: it retries other codes, so events outlive the missing key
            return done(WebhookOutcome.reject(401, "no webhook signing key is configured for this trigger"));
        }
        MailgunWebhook webhook;
        try {
            webhook = MailgunWebhook.parse(request);
        } catch (IllegalArgumentException e) {
            return done(WebhookOutcome.reject(400, "malformed Mailgun request: " + e.getMessage()));
        }
        switch (verifier.verify(signingKey, webhook.signature())) {
            case MISSING:
                return done(WebhookOutcome.reject(401, "missing signature"));
            case FORGED:
                return done(WebhookOutcome.reject(401, "invalid signature"));
            case STALE:
                return done(WebhookOutcome.reject(401, "stale timestamp"));
            case VALID:
            default:
                break;
        }
        // scoped by route: one delivery is one request to one URL
        String tokenKey = "webhook-token/" + context.workflowId() + "/" + context.nodeId() + "/"
                + webhook.signature().token();
        return context.state().get(tokenKey).thenCompose(seen -> {
            if (seen.isPresent()) {
                return done(WebhookOutcome.reject(409, "replayed"));
            }
            return context.state().put(tokenKey, Boolean.TRUE, verifier.remainingValidity(webhook.signature()))
                    .thenApply(stored -> decide(webhook, context));
        });
    }

    private static WebhookOutcome decide(MailgunWebhook webhook, TriggerContext context) {
        String event = webhook.eventName();
        List<String> wanted = context.config().get(EVENTS);
        if (wanted != null && !wanted.isEmpty()
                && wanted.stream().noneMatch(name -> name.trim().equalsIgnoreCase(event))) {
            return new WebhookOutcome.Reply(200, "text/plain", "ignored");
        }
        Map<String, Object> json = webhook.inbound() ? inboundItem(webhook) : eventItem(webhook);
        context.logger().debug("Mailgun {} accepted", event.toLowerCase(Locale.ROOT));
        return WebhookOutcome.start(List.of(Item.of(json)));
    }

    private static Map<String, Object> eventItem(MailgunWebhook webhook) {
        Map<String, Object> data = webhook.eventData();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("event", webhook.eventName());
        json.put("recipient", data.get("recipient"));
        json.put("messageId", messageId(data));
        json.put("timestamp", data.get("timestamp"));
        // Mailgun sends an empty list rather than an empty object when there are no variables
        json.put("userVariables", data.get("user-variables") instanceof Map<?, ?> variables ? variables : Map.of());
        json.put("eventData", data);
        return json;
    }

    private static Object messageId(Map<String, Object> data) {
        if (data.get("message") instanceof Map<?, ?> message && message.get("headers") instanceof Map<?, ?> headers) {
            return headers.get("message-id");
        }
        return null;
    }

    private static Map<String, Object> inboundItem(MailgunWebhook webhook) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("event", "inbound");
        json.put("from", webhook.field("from"));
        json.put("recipient", webhook.field("recipient"));
        json.put("subject", webhook.field("subject"));
        json.put("text", webhook.field("body-plain"));
        json.put("strippedText", webhook.field("stripped-text"));
        json.put("messageId", webhook.field("Message-Id"));
        json.put("inReplyTo", webhook.field("In-Reply-To"));
        return json;
    }

    private static CompletionStage<WebhookOutcome> done(WebhookOutcome outcome) {
        return CompletableFuture.completedFuture(outcome);
    }
}
