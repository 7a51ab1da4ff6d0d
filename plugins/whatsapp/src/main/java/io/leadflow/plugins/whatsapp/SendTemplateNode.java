package io.leadflow.plugins.whatsapp;

import io.leadflow.api.channel.ChannelException;
import io.leadflow.api.channel.MessageTemplate;
import io.leadflow.api.channel.SendOptions;
import io.leadflow.api.node.Action;
import io.leadflow.api.node.Item;
import io.leadflow.api.node.NodeContext;
import io.leadflow.api.node.NodeDescriptor;
import io.leadflow.api.node.NodeInput;
import io.leadflow.api.node.NodeResult;
import io.leadflow.api.node.Property;
import io.leadflow.api.node.RetryPolicy;
import io.leadflow.plugins.meta.Failures;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.pf4j.Extension;

/**
 * {@code whatsapp.send-template}: sends an approved WhatsApp message template to each item's lead,
 * the only WhatsApp message allowed more than 24 hours after the lead last wrote (free text goes
 * through "Send message"). The kernel checks the lead's WhatsApp opt-in first. Each item goes on
 * with a {@code message} member: the provider's message id and status.
 */
@Extension
public final class SendTemplateNode implements Action {

    /** The node type id. */
    public static final String TYPE_ID = "whatsapp.send-template";

    /** The lead; empty for each item's {@code leadId} or {@code id}. */
    static final Property<String> LEAD_ID = Property.string("leadId").label("Lead id").expressions()
            .description("Empty: each item's 'leadId' (from a trigger) or 'id' (from a lead action).").build();
    /** The template's name as approved in WhatsApp Manager. */
    static final Property<String> TEMPLATE = Property.string("template").label("Template name").required()
            .placeholder("welcome_lead").build();
    /** The template's language code. */
    static final Property<String> LANGUAGE = Property.string("language").label("Language").required()
            .defaultValue("en_US").placeholder("en_US").build();
    /** The values of the body's {{1}}, {{2}}, ... in order. */
    static final Property<List<String>> PARAMETERS = Property.stringList("parameters").label("Body parameters")
            .expressions().description("The values of the template body's {{1}}, {{2}}, ... in order.").build();
    /** The whole {@code components} array, for headers, buttons or media; wins over the body parameters. */
    static final Property<Object> COMPONENTS = Property.json("components").label("Components (advanced)")
            .description("WhatsApp's components array as JSON, for header, button or media parameters; "
                    + "replaces the body parameters.").build();

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.action(TYPE_ID)
            .label("Send WhatsApp template")
            .description("Sends an approved WhatsApp template to the lead; works outside the 24-hour window.")
            .category("Messaging channels")
            .icon("whatsapp")
            .properties(LEAD_ID, TEMPLATE, LANGUAGE, PARAMETERS, COMPONENTS)
            .credential(WhatsAppCredentialType.TYPE_ID)
            .retryPolicy(RetryPolicy.DEFAULT)
            .idempotent()
            .build();

    /** Creates the node; PF4J calls this. */
    public SendTemplateNode() {
        // stateless: everything comes from the node context
    }

    /** @return the descriptor of {@code whatsapp.send-template} */
    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /** Sends the template to each item's lead, one after the other; the first refusal fails the run. */
    @Override
    public CompletionStage<NodeResult> execute(NodeInput input, NodeContext context) {
        MessageTemplate template;
        try {
            template = template(context);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(new NodeResult.Failure(e.getMessage(), false, "invalid_config",
                    Map.of()));
        }
        String stored = "[WhatsApp template " + template.name() + " (" + template.language() + ")]"
                + (context.config().get(PARAMETERS) == null ? "" : " " + String.join(", ", context.config().get(PARAMETERS)));
        SendOptions options = SendOptions.builder().template(template).build();
        List<Item> out = new ArrayList<>();
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        List<Item> items = input.items();
        for (int i = 0; i < items.size(); i++) {
            int index = i;
            Item item = items.get(i);
            chain = chain.thenCompose(ignored -> {
                String leadId = leadId(context.config().get(LEAD_ID), item);
                if (leadId == null) {
                    throw new ChannelException("item " + index + " names no lead (no leadId or id)", false, "no_lead");
                }
                return context.messages().send(leadId, WhatsAppChannel.CHANNEL_ID, stored, options,
                        context.idempotencyKey() + ":" + index).thenAccept(receipt -> {
                            Map<String, Object> json = new LinkedHashMap<>(item.json());
                            Map<String, Object> message = new LinkedHashMap<>();
                            message.put("providerMessageId", receipt.providerMessageId());
                            message.put("status", receipt.status());
                            message.put("channel", WhatsAppChannel.CHANNEL_ID);
                            message.put("template", template.name());
                            json.put("message", message);
                            out.add(Item.of(json));
                        });
            });
        }
        return chain.<NodeResult>thenApply(done -> NodeResult.items(out)).exceptionally(error -> {
            if (Failures.cause(error) instanceof ChannelException channel) {
                return new NodeResult.Failure(channel.getMessage(), channel.retryable(), channel.code(), Map.of());
            }
            return NodeResult.retryableFailure("sending the template failed: " + Failures.describe(error));
        });
    }

    @SuppressWarnings("unchecked")
    private static MessageTemplate template(NodeContext context) {
        String name = context.config().get(TEMPLATE);
        if (name == null || !name.trim().matches("[a-z0-9_]{1,512}")) {
            throw new IllegalArgumentException("the template name must be the approved name: lower-case letters, "
                    + "digits and underscores, e.g. welcome_lead");
        }
        String language = context.config().get(LANGUAGE) == null ? "en_US" : context.config().get(LANGUAGE).trim();
        Object components = context.config().get(COMPONENTS);
        if (components != null && !(components instanceof List<?>)) {
            throw new IllegalArgumentException("components must be a JSON array, as in WhatsApp's API");
        }
        List<Object> chosen = new ArrayList<>();
        if (components instanceof List<?> list && !list.isEmpty()) {
            chosen.addAll((List<Object>) list);
        } else if (context.config().get(PARAMETERS) != null && !context.config().get(PARAMETERS).isEmpty()) {
            List<Object> parameters = new ArrayList<>();
            for (String value : context.config().get(PARAMETERS)) {
                parameters.add(Map.of("type", "text", "text", value == null ? "" : value));
            }
            chosen.add(Map.of("type", "body", "parameters", parameters));
        }
        return new MessageTemplate(name.trim(), language, chosen);
    }

    private static String leadId(String configured, Item item) {
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        Object value = item.get("leadId") != null ? item.get("leadId") : item.get("id");
        return value == null ? null : value.toString();
    }
}
