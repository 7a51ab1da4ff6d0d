package io.leadflow.plugins.core;

import io.leadflow.api.node.Action;
import io.leadflow.api.node.Item;
import io.leadflow.api.node.NodeContext;
import io.leadflow.api.node.NodeDescriptor;
import io.leadflow.api.node.NodeInput;
import io.leadflow.api.node.NodeResult;
import io.leadflow.api.node.Property;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.pf4j.Extension;

/**
 * {@code core.set-consent}: records each item's lead's consent on one channel (opted in, opted out
 * or unknown), now, with a source (default {@code workflow}); the updated lead goes on as an item.
 * A lead whose consent already has that state and source is not written, so a workflow started by
 * "Lead updated" that sets consent does not start itself again and again.
 */
@Extension
public final class SetConsentNode implements Action {
    /** The lead; empty for each item's {@code leadId} or {@code id}. */
    static final Property<String> LEAD_ID = Property.string("leadId").label("Lead id").expressions()
            .description("Empty: each item's 'leadId' or 'id'.").build();
    /** The consent channel. */
    static final Property<String> CHANNEL = Property.options("channel", "email", "sms", "whatsapp", "messenger",
            "instagram", "voice").label("Channel").defaultValue("email").build();
    /** The state. */
    static final Property<String> STATE = Property.options("state", "opted_in", "opted_out", "unknown")
            .label("Consent").defaultValue("opted_in").build();
    /** What recorded it, e.g. the form that collected it. */
    static final Property<String> SOURCE = Property.string("source").label("Source").expressions()
            .defaultValue("workflow").build();

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.action("core.set-consent")
            .label("Set consent")
            .description("Records that the lead opted in to or out of a channel.")
            .category("Leads")
            .icon("shield-check")
            .properties(LEAD_ID, CHANNEL, STATE, SOURCE)
            .idempotent()
            .build();

    /** Creates the node; PF4J instantiates it once per plugin start. */
    public SetConsentNode() {
        // stateless
    }

    /** {@inheritDoc} */
    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /** {@inheritDoc} */
    @Override
    public CompletionStage<NodeResult> execute(NodeInput input, NodeContext context) {
        Map<String, Object> consent = new LinkedHashMap<>();
        consent.put("state", context.config().get(STATE));
        consent.put("source", context.config().get(SOURCE));
        Map<String, Object> change = Map.of("consent", Map.of(context.config().get(CHANNEL), consent));
        return LeadItems.eachLead(input.items(), context.config().get(LEAD_ID), (leadId, item, index) ->
                context.leads().find(leadId).thenCompose(found -> LeadItems.existing(found, leadId)).thenCompose(lead -> {
                    if (lead.get("consent") instanceof Map<?, ?> all
                            && all.get(context.config().get(CHANNEL)) instanceof Map<?, ?> current
                            && consent.get("state").equals(current.get("state"))
                            && java.util.Objects.equals(consent.get("source"), current.get("source"))) {
                        return CompletableFuture.completedFuture(lead); // unchanged: no update, no trigger loop
                    }
                    return context.leads().update(leadId, change);
                }).thenApply(Item::of));
    }
}
