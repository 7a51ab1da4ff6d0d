package io.leadflow.plugins.core;

import io.leadflow.api.node.Action;
import io.leadflow.api.node.Item;
import io.leadflow.api.node.NodeContext;
import io.leadflow.api.node.NodeDescriptor;
import io.leadflow.api.node.NodeInput;
import io.leadflow.api.node.NodeResult;
import io.leadflow.api.node.Property;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.pf4j.Extension;

/**
 * {@code core.split}: turns an array member of each item into one item per element. An element
 * that is an object becomes the item; any other element becomes {@code {value: element}}.
 */
@Extension
public final class SplitItemsNode implements Action {
    /** The array member to split, e.g. {@code contacts}. */
    static final Property<String> FIELD = Property.string("field").label("Array field").required()
            .placeholder("contacts").build();

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.action("core.split")
            .label("Split items")
            .description("Emits one item per element of an array field.")
            .category("Core")
            .icon("split")
            .properties(FIELD)
            .idempotent()
            .build();

    /** Creates the node; PF4J instantiates it once per plugin start. */
    public SplitItemsNode() {
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
        String field = context.config().get(FIELD);
        List<Item> out = new ArrayList<>();
        List<Item> items = input.items();
        for (int i = 0; i < items.size(); i++) {
            Object value = items.get(i).get(field);
            if (!(value instanceof List<?> elements)) {
                String found = value == null ? (items.get(i).json().containsKey(field) ? "null" : "missing")
                        : "not an array";
                return CompletableFuture.completedFuture(Items.permanent("invalid_input",
                        "item " + i + ": field '" + field + "' is " + found));
            }
            elements.forEach(element -> out.add(Items.asItem(element)));
        }
        return CompletableFuture.completedFuture(NodeResult.items(out));
    }
}
