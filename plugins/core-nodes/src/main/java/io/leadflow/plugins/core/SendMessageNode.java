package io.leadflow.plugins.core;

import io.leadflow.api.channel.SendOptions;
import io.leadflow.api.node.Action;
import io.leadflow.api.node.Item;
import io.leadflow.api.node.NodeContext;
import io.leadflow.api.node.NodeDescriptor;
import io.leadflow.api.node.NodeInput;
import io.leadflow.api.node.NodeResult;
import io.leadflow.api.node.Property;
import io.leadflow.api.node.RetryPolicy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.pf4j.Extension;

/**
 * {@code core.send-message}: sends a message to each item's lead through any channel, by medium
 * ({@code email}, {@code sms}, ...) or channel id ({@code mailgun.email}). The kernel checks the
 * lead's consent first: an opted-out lead is never messaged and the node fails permanently with
 * the reason. Items are sent one after the other; each send's idempotency key is the run's key
 * plus the item's index, so a retried run never sends an item twice. Each item goes on with a
 * {@code message} member: the provider's message id and status.
 */
@Extension
public final class SendMessageNode implements Action {
    /** The lead; empty for each item's {@code leadId} or {@code id}. */
    static final Property<String> LEAD_ID = Property.string("leadId").label("Lead id").expressions()
            .description("Empty: each item's 'leadId' (from a trigger) or 'id' (from a lead action).").build();
    /** A medium or a channel id. */
    static final Property<String> CHANNEL = Property.string("channel").label("Channel").required()
            .defaultValue("email").placeholder("auto, email, sms, whatsapp or a channel id such as mailgun.email")
            .description("A medium (the first started channel of it is used), a channel id, or auto: the lead's "
                    + "preferredChannel, else the channel it last wrote on.").build();
    /** The subject, for email. */
    static final Property<String> SUBJECT = Property.string("subject").label("Subject").expressions().build();
    /** The plain-text body. */
    static final Property<String> TEXT = Property.text("text").label("Text").required().expressions().build();
    /** The HTML body, for email. */
    static final Property<String> HTML = Property.text("html").label("HTML").expressions().build();
    /** A Messenger or Instagram message tag: the only messages allowed 24 hours after the lead last wrote. */
    static final Property<String> TAG = Property.string("tag").label("Message tag (Messenger, Instagram)")
            .placeholder("ACCOUNT_UPDATE, CONFIRMED_EVENT_UPDATE, POST_PURCHASE_UPDATE or HUMAN_AGENT")
            .description("Only for Messenger and Instagram, and only for the purposes Meta allows: lets the message "
                    + "go more than 24 hours after the lead last wrote.").build();

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.action("core.send-message")
            .label("Send message")
            .description("Sends a message to the lead by email, SMS, WhatsApp or any installed channel, "
                    + "respecting the lead's consent.")
            .category("Leads")
            .icon("send")
            .properties(LEAD_ID, CHANNEL, SUBJECT, TEXT, HTML, TAG)
            .retryPolicy(RetryPolicy.DEFAULT)
            .idempotent()
            .build();

    /** Creates the node; PF4J instantiates it once per plugin start. */
    public SendMessageNode() {
        // stateless: everything comes from the node context
    }

    /** {@inheritDoc} */
    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /** {@inheritDoc} */
    @Override
    public CompletionStage<NodeResult> execute(NodeInput input, NodeContext context) {
        String tag = context.config().get(TAG);
        return LeadItems.eachLead(input.items(), context.config().get(LEAD_ID), (leadId, item, index) ->
                (tag == null || tag.isBlank()
                        ? context.messages().send(leadId, context.config().get(CHANNEL), context.config().get(SUBJECT),
                                context.config().get(TEXT), context.config().get(HTML), context.idempotencyKey() + ":" + index)
                        : context.messages().send(leadId, context.config().get(CHANNEL), context.config().get(TEXT),
                                SendOptions.builder().tag(tag).build(), context.idempotencyKey() + ":" + index))
                        .thenApply(receipt -> {
                            Map<String, Object> json = new LinkedHashMap<>(item.json());
                            Map<String, Object> message = new LinkedHashMap<>();
                            message.put("providerMessageId", receipt.providerMessageId());
                            message.put("status", receipt.status());
                            message.put("channel", context.config().get(CHANNEL));
                            json.put("message", message);
                            return Item.of(json);
                        }));
    }
}
