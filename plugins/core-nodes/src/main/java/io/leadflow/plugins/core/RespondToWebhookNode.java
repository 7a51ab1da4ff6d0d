package io.leadflow.plugins.core;

import io.leadflow.api.node.Action;
import io.leadflow.api.node.Item;
import io.leadflow.api.node.NodeContext;
import io.leadflow.api.node.NodeDescriptor;
import io.leadflow.api.node.NodeInput;
import io.leadflow.api.node.NodeResult;
import io.leadflow.api.node.Port;
import io.leadflow.api.node.Property;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.pf4j.Extension;

/**
 * {@code core.respond}: decides the HTTP answer to the request that started the run (a webhook).
 * The input items go on unchanged on {@code main}; the answer {@code {response: {status, headers,
 * body}}} is emitted on {@code response} for the kernel to send back.
 */
@Extension
public final class RespondToWebhookNode implements Action {
    /** The output carrying the answer. */
    static final String RESPONSE = "response";
    /** The HTTP status to answer with. */
    static final Property<Integer> STATUS_CODE = Property.integer("statusCode").label("Status code")
            .defaultValue(200).range(100.0, 599.0).build();
    /** The answer's body, any JSON value. */
    static final Property<Object> BODY = Property.json("body").label("Body").expressions().build();
    /** The answer's headers, a JSON object of name to value. */
    static final Property<Object> HEADERS = Property.json("headers").label("Headers").expressions().build();

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.action("core.respond")
            .label("Respond to webhook")
            .description("Sets the HTTP answer to the webhook request that started the run.")
            .category("Core")
            .icon("reply")
            .input(Port.mainPort())
            .output(Port.mainPort())
            .output(Port.of(RESPONSE, "Response"))
            .properties(STATUS_CODE, BODY, HEADERS)
            .idempotent()
            .build();

    /** Creates the node; PF4J instantiates it once per plugin start. */
    public RespondToWebhookNode() {
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
        int status = context.config().get(STATUS_CODE);
        if (status < 100 || status > 599) {
            return CompletableFuture.completedFuture(
                    Items.permanent("invalid_config", "the status code must be between 100 and 599, got " + status));
        }
        Map<String, Object> headers;
        try {
            headers = headers(context.config().get(HEADERS));
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(Items.permanent("invalid_config", e.getMessage()));
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("status", status);
        response.put("headers", headers);
        response.put("body", context.config().get(BODY));
        Map<String, List<Item>> byPort = new LinkedHashMap<>();
        byPort.put(Port.MAIN, input.items());
        byPort.put(RESPONSE, List.of(Item.of(Map.of("response", response))));
        return CompletableFuture.completedFuture(Items.emit(byPort));
    }

    /** Header values become text; JSON text of an object is accepted, as the editor may store it so. */
    private static Map<String, Object> headers(Object configured) {
        Object value = configured;
        if (value instanceof String text) {
            if (text.isBlank()) {
                return Map.of();
            }
            try {
                value = Json.parse(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("headers must be a JSON object: " + e.getMessage(), e);
            }
        }
        Map<String, Object> headers = new LinkedHashMap<>();
        if (value == null) {
            return headers;
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("headers must be a JSON object of name to value");
        }
        map.forEach((name, member) -> headers.put(String.valueOf(name),
                member instanceof String string ? string : Json.write(member)));
        return headers;
    }
}
