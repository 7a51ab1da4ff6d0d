package io.leadflow.plugins.core;

import io.leadflow.api.node.Action;
import io.leadflow.api.node.Item;
import io.leadflow.api.node.NodeContext;
import io.leadflow.api.node.NodeDescriptor;
import io.leadflow.api.node.NodeInput;
import io.leadflow.api.node.NodeResult;
import io.leadflow.api.node.Port;
import io.leadflow.api.node.Property;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.pf4j.Extension;

/**
 * {@code core.wait-for-reply}: pauses the run durably until the lead sends a message
 * ({@code message.received} for the lead), or the timeout passes. On a reply each item goes to
 * {@code received} with the message as its {@code event} member; on the timeout the items go to
 * {@code timeout} unchanged. The lead is the configured one, else the first item's
 * {@code leadId} or {@code id}: one run waits for one lead.
 */
@Extension
public final class WaitForReplyNode implements Action {
    /** The output for a reply. */
    static final String RECEIVED = "received";
    /** The output when no reply came in time. */
    static final String TIMEOUT = "timeout";
    /** The longest wait accepted. */
    static final Duration MAX_WAIT = Duration.ofDays(365);
    /** The lead; empty for the first item's {@code leadId} or {@code id}. */
    static final Property<String> LEAD_ID = Property.string("leadId").label("Lead id").expressions()
            .description("Empty: the first item's 'leadId' or 'id'.").build();
    /** How many units to wait at most. */
    static final Property<Double> AMOUNT = Property.number("amount").label("Wait at most").defaultValue(2.0)
            .range(0.0, null).build();
    /** The unit of {@link #AMOUNT}. */
    static final Property<String> UNIT = Property.options("unit", "seconds", "minutes", "hours", "days")
            .label("Unit").defaultValue("days").build();

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.action("core.wait-for-reply")
            .label("Wait for reply")
            .description("Waits until the lead replies on any channel, or goes on the timeout branch.")
            .category("Leads")
            .icon("message-square-dot")
            .input(Port.mainPort())
            .output(Port.of(RECEIVED, "Replied"))
            .output(Port.of(TIMEOUT, "No reply"))
            .properties(LEAD_ID, AMOUNT, UNIT)
            .idempotent()
            .build();

    /** Creates the node; PF4J instantiates it once per plugin start. */
    public WaitForReplyNode() {
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
        List<Item> items = input.items();
        String leadId = items.isEmpty() ? blankToNull(context.config().get(LEAD_ID))
                : LeadItems.leadId(context.config().get(LEAD_ID), items.get(0));
        if (leadId == null) {
            return CompletableFuture.completedFuture(LeadItems.noLeadId(0));
        }
        double amount = context.config().get(AMOUNT);
        long secondsPerUnit = switch (context.config().get(UNIT)) {
            case "seconds" -> 1;
            case "minutes" -> 60;
            case "hours" -> 3_600;
            default -> 86_400;
        };
        double millis = amount * secondsPerUnit * 1000;
        if (Double.isNaN(millis) || millis < 0 || millis > MAX_WAIT.toMillis()) {
            return CompletableFuture.completedFuture(Items.permanent("invalid_wait",
                    "the wait must be between 0 and 365 days, got " + amount + " " + context.config().get(UNIT)));
        }
        return CompletableFuture.completedFuture(new NodeResult.WaitForEvent("message.received", leadId,
                Duration.ofMillis(Math.round(millis)), RECEIVED, TIMEOUT, items));
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
