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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.pf4j.Extension;

/**
 * {@code core.loop}: feeds items through a loop body in batches. Items arriving on {@code main}
 * start a loop and the first batch leaves on {@code loop}; the body's results come back on
 * {@code continue}, and each time the next batch leaves on {@code loop}, until nothing is left:
 * then every result that came back leaves on {@code done}, in order.
 *
 * <p>Between calls the queue and the results live in the plugin's durable state under a key scoped
 * by execution and node, so the loop survives restarts and several executions never mix.
 */
@Extension
public final class LoopOverItemsNode implements Action {
    /** The input for results coming back from the loop body. */
    static final String CONTINUE = "continue";
    /** The output for the next batch. */
    static final String LOOP = "loop";
    /** The output for every result once the loop is over. */
    static final String DONE = "done";
    /** How many items go through the body at a time. */
    static final Property<Integer> BATCH_SIZE = Property.integer("batchSize").label("Batch size").defaultValue(10)
            .range(1.0, 10_000.0).build();

    /**
     * Refreshed on every batch, so it only has to outlive one pass through the body, whose longest
     * wait (core.wait) is 365 days; it bounds what a cancelled execution leaves behind.
     */
    private static final Duration STATE_TIME_TO_LIVE = Duration.ofDays(400);

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.action("core.loop")
            .label("Loop over items")
            .description("Sends items through the connected steps in batches, then emits all results on 'done'.")
            .category("Core")
            .icon("repeat")
            .input(Port.of(Port.MAIN, "Items"))
            .input(Port.of(CONTINUE, "Continue"))
            .output(Port.of(LOOP, "Loop"))
            .output(Port.of(DONE, "Done"))
            .properties(BATCH_SIZE)
            .loopsBack()
            .build();

    /** Creates the node; PF4J instantiates it once per plugin start. */
    public LoopOverItemsNode() {
        // stateless: the loop's progress is kept in the plugin's state store
    }

    /** {@inheritDoc} */
    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /**
     * Starts a loop when items arrive on {@code main} (restarting any loop of this node in this
     * execution), otherwise records the items on {@code continue} and moves on.
     */
    @Override
    public CompletionStage<NodeResult> execute(NodeInput input, NodeContext context) {
        int batchSize = Math.max(1, context.config().get(BATCH_SIZE));
        String key = stateKey(context);
        List<Item> initial = input.items();
        if (!initial.isEmpty() || !input.byPort().containsKey(CONTINUE)) {
            return next(key, new ArrayList<>(initial), new ArrayList<>(), batchSize, context);
        }
        List<Item> returned = input.items(CONTINUE);
        return context.state().get(key).thenCompose(stored -> {
            Optional<LoopState> state = stored.flatMap(LoopState::from);
            if (state.isEmpty()) {
                return CompletableFuture.completedFuture(Items.permanent("loop_state_missing",
                        "items came back to the loop but it has no record of a running loop in this execution"));
            }
            List<Item> done = new ArrayList<>(state.get().done());
            done.addAll(returned);
            return next(key, new ArrayList<>(state.get().pending()), done, batchSize, context);
        });
    }

    private static CompletionStage<NodeResult> next(String key, List<Item> pending, List<Item> done, int batchSize,
                                                    NodeContext context) {
        if (pending.isEmpty()) {
            return context.state().delete(key).thenApply(ignored -> NodeResult.toPort(DONE, done));
        }
        List<Item> batch = new ArrayList<>(pending.subList(0, Math.min(batchSize, pending.size())));
        List<Item> rest = new ArrayList<>(pending.subList(batch.size(), pending.size()));
        return context.state().put(key, new LoopState(rest, done).toJson(), STATE_TIME_TO_LIVE)
                .thenApply(ignored -> NodeResult.toPort(LOOP, batch));
    }

    static String stateKey(NodeContext context) {
        return "loop/" + context.executionId() + "/" + context.nodeId();
    }

    /** The queue still to send and the results collected so far, stored as plain JSON. */
    private record LoopState(List<Item> pending, List<Item> done) {
        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("pending", pending.stream().map(Item::json).toList());
            json.put("done", done.stream().map(Item::json).toList());
            return json;
        }

        static Optional<LoopState> from(Object stored) {
            if (!(stored instanceof Map<?, ?> map) || !(map.get("pending") instanceof List<?> pending)
                    || !(map.get("done") instanceof List<?> done)) {
                return Optional.empty();
            }
            return Optional.of(new LoopState(pending.stream().map(Items::asItem).toList(),
                    done.stream().map(Items::asItem).toList()));
        }
    }
}
