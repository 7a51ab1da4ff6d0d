package io.leadflow.plugins.core;

import io.leadflow.api.node.Action;
import io.leadflow.api.node.Item;
import io.leadflow.api.node.NodeContext;
import io.leadflow.api.node.NodeDescriptor;
import io.leadflow.api.node.NodeInput;
import io.leadflow.api.node.NodeResult;
import io.leadflow.api.node.Port;
import io.leadflow.api.node.Property;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.pf4j.Extension;

/**
 * {@code core.merge}: joins the items of two inputs. {@code append} emits input1's items then
 * input2's; {@code combineByField} merges each input1 item with the input2 items that have the same
 * value in {@code field} (input2's members win on conflicts), keeping unmatched items unless told
 * otherwise.
 */
@Extension
public final class MergeNode implements Action {
    /** The first input. */
    static final String INPUT1 = "input1";
    /** The second input. */
    static final String INPUT2 = "input2";
    /** How the inputs are joined. */
    static final Property<String> MODE = Property.options("mode", "append", "combineByField").label("Mode")
            .defaultValue("append").build();
    /** The member whose equal values pair items up, e.g. {@code email}. */
    static final Property<String> FIELD = Property.string("field").label("Match on field")
            .placeholder("email").visibleWhen("mode", "combineByField").build();
    /** Whether items without a partner are emitted too (input1's, then input2's). */
    static final Property<Boolean> KEEP_UNMATCHED = Property.bool("keepUnmatched").label("Keep unmatched items")
            .defaultValue(true).visibleWhen("mode", "combineByField").build();

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.action("core.merge")
            .label("Merge")
            .description("Appends two inputs, or combines their items that share a field value.")
            .category("Core")
            .icon("git-merge")
            .input(Port.of(INPUT1, "Input 1"))
            .input(Port.of(INPUT2, "Input 2"))
            .output(Port.mainPort())
            .properties(MODE, FIELD, KEEP_UNMATCHED)
            .idempotent()
            .build();

    /** Creates the node; PF4J instantiates it once per plugin start. */
    public MergeNode() {
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
        List<Item> first = input.items(INPUT1);
        List<Item> second = input.items(INPUT2);
        if (!"combineByField".equals(context.config().get(MODE))) {
            List<Item> all = new ArrayList<>(first);
            all.addAll(second);
            return CompletableFuture.completedFuture(NodeResult.items(all));
        }
        String field = context.config().get(FIELD);
        if (field == null || field.isBlank()) {
            return CompletableFuture.completedFuture(
                    Items.permanent("invalid_config", "combineByField needs the field to match on"));
        }
        boolean keepUnmatched = Boolean.TRUE.equals(context.config().get(KEEP_UNMATCHED));
        return CompletableFuture.completedFuture(NodeResult.items(combine(first, second, field, keepUnmatched)));
    }

    private static List<Item> combine(List<Item> first, List<Item> second, String field, boolean keepUnmatched) {
        Map<Object, List<Integer>> secondByKey = new LinkedHashMap<>();
        for (int i = 0; i < second.size(); i++) {
            Object key = key(second.get(i).get(field));
            if (key != null) {
                secondByKey.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
            }
        }
        List<Item> out = new ArrayList<>();
        Set<Integer> usedFromSecond = new HashSet<>();
        for (Item item : first) {
            Object key = key(item.get(field));
            List<Integer> partners = key == null ? List.of() : secondByKey.getOrDefault(key, List.of());
            if (partners.isEmpty()) {
                if (keepUnmatched) {
                    out.add(item);
                }
                continue;
            }
            for (int index : partners) {
                Map<String, Object> merged = new LinkedHashMap<>(item.json());
                merged.putAll(second.get(index).json());
                out.add(Item.of(merged));
                usedFromSecond.add(index);
            }
        }
        if (keepUnmatched) {
            for (int i = 0; i < second.size(); i++) {
                if (!usedFromSecond.contains(i)) {
                    out.add(second.get(i));
                }
            }
        }
        return out;
    }

    /** Numbers compare by value (1 equals 1.0); a missing or null member never matches. */
    private static Object key(Object value) {
        if (value instanceof Number number) {
            try {
                return new BigDecimal(number.toString()).stripTrailingZeros();
            } catch (NumberFormatException e) {
                return number.toString();
            }
        }
        return value;
    }
}
