package io.leadflow.plugins.core;

import io.leadflow.api.node.Action;
import io.leadflow.api.node.Item;
import io.leadflow.api.node.NodeContext;
import io.leadflow.api.node.NodeDescriptor;
import io.leadflow.api.node.NodeInput;
import io.leadflow.api.node.NodeResult;
import io.leadflow.api.node.Port;
import io.leadflow.api.node.Property;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.pf4j.Extension;

/**
 * {@code core.if}: routes each item to {@code true} or {@code false} by a JSONata condition
 * evaluated on the item, with JSONata's {@code $boolean} truthiness.
 */
@Extension
public final class IfNode implements Action {
    /** The output for items whose condition holds. */
    static final String TRUE = "true";
    /** The output for the other items. */
    static final String FALSE = "false";
    /** The condition, e.g. {@code score > 50 and consent}. */
    static final Property<String> CONDITION = Property.expression("condition").label("Condition").required()
            .placeholder("score > 50").build();

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.action("core.if")
            .label("If")
            .description("Sends each item to 'true' or 'false' depending on a JSONata condition.")
            .category("Core")
            .icon("git-branch")
            .input(Port.mainPort())
            .output(Port.of(TRUE, "True"))
            .output(Port.of(FALSE, "False"))
            .properties(CONDITION)
            .idempotent()
            .build();

    /** Creates the node; PF4J instantiates it once per plugin start. */
    public IfNode() {
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
        String condition = context.config().get(CONDITION);
        List<Item> matched = new ArrayList<>();
        List<Item> unmatched = new ArrayList<>();
        for (Item item : input.items()) {
            try {
                (Expressions.truthy(Expressions.evaluate(condition, item.json())) ? matched : unmatched).add(item);
            } catch (Expressions.ExpressionException e) {
                return CompletableFuture.completedFuture(
                        Items.permanent("expression_error", "condition: " + e.getMessage()));
            }
        }
        Map<String, List<Item>> byPort = new LinkedHashMap<>();
        byPort.put(TRUE, matched);
        byPort.put(FALSE, unmatched);
        return CompletableFuture.completedFuture(Items.emit(byPort));
    }
}
