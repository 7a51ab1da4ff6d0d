package io.leadflow.plugins.core;

import io.leadflow.api.node.Action;
import io.leadflow.api.node.Item;
import io.leadflow.api.node.NodeContext;
import io.leadflow.api.node.NodeDescriptor;
import io.leadflow.api.node.NodeInput;
import io.leadflow.api.node.NodeResult;
import io.leadflow.api.node.Property;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.pf4j.Extension;

/**
 * {@code core.set}: computes fields with JSONata, per item. {@code mappings} is a JSON object of
 * field name to expression, each evaluated with the item's data as {@code $}; in {@code merge}
 * mode the fields are added to (or replace members of) the item, in {@code replace} mode they are
 * the whole new item.
 */
@Extension
public final class SetNode implements Action {
    /** Field name to JSONata expression, e.g. {@code {"fullName": "firstName & ' ' & lastName"}}. */
    static final Property<Object> MAPPINGS = Property.json("mappings").label("Fields").required()
            .description("JSON object: field name to JSONata expression evaluated on each item").build();
    /** Whether the fields are merged into the item or replace it. */
    static final Property<String> MODE = Property.options("mode", "merge", "replace").label("Mode")
            .defaultValue("merge").build();

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.action("core.set")
            .label("Set fields")
            .description("Adds or replaces fields on each item, computed with JSONata.")
            .category("Core")
            .icon("edit")
            .properties(MAPPINGS, MODE)
            .idempotent()
            .build();

    /** Creates the node; PF4J instantiates it once per plugin start. */
    public SetNode() {
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
        return CompletableFuture.completedFuture(run(input, context));
    }

    private NodeResult run(NodeInput input, NodeContext context) {
        Object configured = context.config().get(MAPPINGS);
        if (configured instanceof String text) {
            try {
                configured = Json.parse(text);
            } catch (IllegalArgumentException e) {
                return Items.permanent("invalid_config", "mappings must be a JSON object: " + e.getMessage());
            }
        }
        if (!(configured instanceof Map<?, ?> mappings)) {
            return Items.permanent("invalid_config", "mappings must be a JSON object of field name to expression");
        }
        for (Map.Entry<?, ?> mapping : mappings.entrySet()) {
            if (!(mapping.getValue() instanceof String)) {
                return Items.permanent("invalid_config",
                        "field '" + mapping.getKey() + "': the expression must be text");
            }
        }
        boolean replace = "replace".equals(context.config().get(MODE));
        List<Item> out = new ArrayList<>();
        for (Item item : input.items()) {
            Map<String, Object> json = replace ? new LinkedHashMap<>() : new LinkedHashMap<>(item.json());
            for (Map.Entry<?, ?> mapping : mappings.entrySet()) {
                String field = String.valueOf(mapping.getKey());
                try {
                    json.put(field, Expressions.evaluate((String) mapping.getValue(), item.json()));
                } catch (Expressions.ExpressionException e) {
                    return Items.permanent("expression_error", "field '" + field + "': " + e.getMessage());
                }
            }
            out.add(Item.of(json));
        }
        return NodeResult.items(out);
    }
}
