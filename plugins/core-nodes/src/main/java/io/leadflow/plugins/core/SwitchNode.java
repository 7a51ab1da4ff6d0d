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
 * {@code core.switch}: routes each item to the output of the first of up to four JSONata
 * conditions that holds for it ({@code case1}..{@code case4}), or to {@code fallback}. Cases left
 * empty are skipped.
 */
@Extension
public final class SwitchNode implements Action {
    /** The output for items that match no case. */
    static final String FALLBACK = "fallback";
    /** The first case's condition. */
    static final Property<String> CASE1 = caseProperty(1);
    /** The second case's condition. */
    static final Property<String> CASE2 = caseProperty(2);
    /** The third case's condition. */
    static final Property<String> CASE3 = caseProperty(3);
    /** The fourth case's condition. */
    static final Property<String> CASE4 = caseProperty(4);
    private static final List<Property<String>> CASES = List.of(CASE1, CASE2, CASE3, CASE4);

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.action("core.switch")
            .label("Switch")
            .description("Sends each item to the first case whose JSONata condition holds, else to 'fallback'.")
            .category("Core")
            .icon("shuffle")
            .input(Port.mainPort())
            .output(Port.of("case1", "Case 1"))
            .output(Port.of("case2", "Case 2"))
            .output(Port.of("case3", "Case 3"))
            .output(Port.of("case4", "Case 4"))
            .output(Port.of(FALLBACK, "Fallback"))
            .properties(CASE1, CASE2, CASE3, CASE4)
            .idempotent()
            .build();

    /** Creates the node; PF4J instantiates it once per plugin start. */
    public SwitchNode() {
        // stateless: everything comes from the node context
    }

    private static Property<String> caseProperty(int number) {
        return Property.expression("case" + number).label("Case " + number)
                .description("JSONata condition; items matching it go to output case" + number).build();
    }

    /** {@inheritDoc} */
    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /** {@inheritDoc} */
    @Override
    public CompletionStage<NodeResult> execute(NodeInput input, NodeContext context) {
        Map<String, List<Item>> byPort = new LinkedHashMap<>();
        for (Property<String> property : CASES) {
            byPort.put(property.id(), new ArrayList<>());
        }
        byPort.put(FALLBACK, new ArrayList<>());
        for (Item item : input.items()) {
            String port = FALLBACK;
            for (Property<String> property : CASES) {
                String condition = context.config().get(property);
                if (condition == null || condition.isBlank()) {
                    continue;
                }
                try {
                    if (Expressions.truthy(Expressions.evaluate(condition, item.json()))) {
                        port = property.id();
                        break;
                    }
                } catch (Expressions.ExpressionException e) {
                    return CompletableFuture.completedFuture(
                            Items.permanent("expression_error", property.id() + ": " + e.getMessage()));
                }
            }
            byPort.get(port).add(item);
        }
        return CompletableFuture.completedFuture(Items.emit(byPort));
    }
}
