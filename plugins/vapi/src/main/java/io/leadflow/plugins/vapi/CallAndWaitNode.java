package io.leadflow.plugins.vapi;

import io.leadflow.api.channel.ChannelException;
import io.leadflow.api.channel.SendOptions;
import io.leadflow.api.node.Action;
import io.leadflow.api.node.Item;
import io.leadflow.api.node.NodeContext;
import io.leadflow.api.node.NodeDescriptor;
import io.leadflow.api.node.NodeInput;
import io.leadflow.api.node.NodeResult;
import io.leadflow.api.node.Port;
import io.leadflow.api.node.Property;
import io.leadflow.api.node.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.pf4j.Extension;

/**
 * {@code vapi.call-and-wait}: calls the first item's lead with the VAPI assistant (the kernel
 * checks the lead's voice opt-in and takes its phone number), then waits durably for the call's
 * end-of-call report and goes on by its outcome: {@code answered}, {@code no-answer},
 * {@code voicemail}, {@code busy} or {@code failed}, each item carrying the report as
 * {@code event} (transcript, summary, structured data, cost); {@code timeout} when no report came
 * in time.
 */
@Extension
public final class CallAndWaitNode implements Action {

    /** The node type id. */
    public static final String TYPE_ID = "vapi.call-and-wait";

    /** The lead; empty for the first item's {@code leadId} or {@code id}. */
    static final Property<String> LEAD_ID = Property.string("leadId").label("Lead id").expressions()
            .description("Empty: the first item's 'leadId' or 'id'.").build();
    /** The assistant's variables. */
    static final Property<Object> VARIABLES = Property.json("variables").label("Assistant variables")
            .description("A JSON object whose values may use {{ }} expressions, e.g. {\"firstName\": \"{{ $json.firstName }}\"}; "
                    + "the assistant reads them as {{firstName}}.").build();
    /** How long to wait for the report. */
    static final Property<Double> TIMEOUT_AMOUNT = Property.number("timeoutAmount").label("Wait at most")
            .defaultValue(30.0).range(1.0, null).build();
    /** The unit of {@link #TIMEOUT_AMOUNT}. */
    static final Property<String> TIMEOUT_UNIT = Property.options("timeoutUnit", "minutes", "hours").label("Unit")
            .defaultValue("minutes").build();

    /** The outputs, one per outcome, and the timeout. */
    static final List<String> OUTCOMES = List.of("answered", "no-answer", "voicemail", "busy", "failed");

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.action(TYPE_ID)
            .label("Call lead and wait for the result")
            .description("Calls the lead with a VAPI voice assistant and goes on by how the call ended.")
            .category("Messaging channels")
            .icon("phone")
            .input(Port.mainPort())
            .output(Port.of("answered", "Answered"))
            .output(Port.of("no-answer", "No answer"))
            .output(Port.of("voicemail", "Voicemail"))
            .output(Port.of("busy", "Busy"))
            .output(Port.of("failed", "Failed"))
            .output(Port.of("timeout", "No report in time"))
            .properties(LEAD_ID, VARIABLES, TIMEOUT_AMOUNT, TIMEOUT_UNIT)
            .credential(VapiCredentialType.TYPE_ID)
            .retryPolicy(RetryPolicy.DEFAULT)
            .idempotent()
            .build();

    /** Creates the node; PF4J calls this. */
    public CallAndWaitNode() {
        // stateless: everything comes from the node context
    }

    /** @return the descriptor of {@code vapi.call-and-wait} */
    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /** Places the call through the kernel, then parks until {@code call.ended} for its id. */
    @Override
    @SuppressWarnings("unchecked")
    public CompletionStage<NodeResult> execute(NodeInput input, NodeContext context) {
        List<Item> items = input.items();
        String leadId = leadId(context.config().get(LEAD_ID), items.isEmpty() ? null : items.get(0));
        if (leadId == null) {
            return done(new NodeResult.Failure("no lead to call: set Lead id or give an item with 'leadId' or 'id'",
                    false, "no_lead", Map.of()));
        }
        Object variables = context.config().get(VARIABLES);
        if (variables != null && !(variables instanceof Map<?, ?>)) {
            return done(new NodeResult.Failure("Assistant variables must be a JSON object", false, "invalid_config",
                    Map.of()));
        }
        SendOptions options = SendOptions.builder()
                .variables(variables == null ? Map.of() : (Map<String, Object>) variables).build();
        Duration timeout = "hours".equals(context.config().get(TIMEOUT_UNIT))
                ? Duration.ofMinutes(Math.round(context.config().get(TIMEOUT_AMOUNT) * 60))
                : Duration.ofSeconds(Math.round(context.config().get(TIMEOUT_AMOUNT) * 60));
        return context.messages().send(leadId, VapiChannel.CHANNEL_ID, "[VAPI call]", options, context.idempotencyKey())
                .<NodeResult>thenApply(receipt -> {
                    List<Item> then = new ArrayList<>();
                    for (Item item : items.isEmpty() ? List.of(Item.of(Map.of("leadId", leadId))) : items) {
                        Map<String, Object> json = new LinkedHashMap<>(item.json());
                        json.put("call", Map.of("callId", receipt.providerMessageId(), "status", receipt.status()));
                        then.add(Item.of(json));
                    }
                    return new NodeResult.WaitForEvent("call.ended", receipt.providerMessageId(), timeout, "{outcome}",
                            "timeout", then);
                })
                .exceptionally(error -> {
                    Throwable cause = error instanceof CompletionException && error.getCause() != null
                            ? error.getCause() : error;
                    if (cause instanceof ChannelException channel) {
                        return new NodeResult.Failure(channel.getMessage(), channel.retryable(), channel.code(), Map.of());
                    }
                    return NodeResult.retryableFailure("placing the call failed: " + cause);
                });
    }

    private static CompletionStage<NodeResult> done(NodeResult result) {
        return CompletableFuture.completedFuture(result);
    }

    private static String leadId(String configured, Item item) {
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        if (item == null) {
            return null;
        }
        Object value = item.get("leadId") != null ? item.get("leadId") : item.get("id");
        return value == null ? null : value.toString();
    }
}
