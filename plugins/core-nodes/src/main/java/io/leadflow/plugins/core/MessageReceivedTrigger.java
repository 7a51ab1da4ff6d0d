package io.leadflow.plugins.core;

import io.leadflow.api.node.NodeDescriptor;
import io.leadflow.api.node.Property;
import io.leadflow.api.trigger.TriggerContext;
import java.util.Map;
import org.pf4j.Extension;

/**
 * {@code core.message-received}: starts a run when a lead sends a message on any channel,
 * optionally one medium only (item: {@code leadId}, {@code medium}, {@code channelId}, {@code from},
 * {@code text}, {@code messageId}, {@code event}, {@code at}).
 */
@Extension
public final class MessageReceivedTrigger extends LeadEventTrigger {
    /** The medium to listen to. */
    static final Property<String> MEDIUM = Property.options("medium", "any", "email", "sms", "whatsapp", "messenger",
            "instagram", "voice").label("Medium").defaultValue("any").build();

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.trigger("core.message-received")
            .label("Message received")
            .description("Starts the workflow when a lead sends a message (email reply, SMS, WhatsApp, ...).")
            .category("Leads")
            .icon("message-circle")
            .properties(MEDIUM)
            .build();

    /** Creates the trigger; PF4J instantiates it once per plugin start. */
    public MessageReceivedTrigger() {
        super("message.received");
    }

    /** {@inheritDoc} */
    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    boolean accepts(Map<String, Object> data, TriggerContext context) {
        String medium = context.config().get(MEDIUM);
        return "any".equals(medium) || medium.equals(data.get("medium"));
    }
}
