package io.leadflow.testkit;

import io.leadflow.api.node.Action;
import io.leadflow.api.node.Item;
import io.leadflow.api.node.NodeDescriptor;
import io.leadflow.api.node.NodeInput;
import io.leadflow.api.node.NodeResult;
import io.leadflow.api.node.Property;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs an action the way the kernel would, minus persistence and retries: checks the descriptor's
 * required properties against the configuration, runs the node, and waits (bounded) for its result.
 */
public final class NodeRunner {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private NodeRunner() {
    }

    /**
     * Runs {@code action} with items on its {@code main} input.
     *
     * @param action the node
     * @param items the input items
     * @param context the run's context
     * @return the result
     */
    public static NodeResult run(Action action, List<Item> items, TestContext context) {
        return run(action, NodeInput.of(items), context);
    }

    /**
     * Runs {@code action} with the given input.
     *
     * @param action the node
     * @param input the input per port
     * @param context the run's context
     * @return the result
     * @throws AssertionError if a required property is missing, the node throws, or it takes over 30 s
     */
    public static NodeResult run(Action action, NodeInput input, TestContext context) {
        NodeDescriptor descriptor = action.descriptor();
        List<String> missing = new ArrayList<>();
        for (Property<?> property : descriptor.properties()) {
            if (property.required() && context.config().asMap().get(property.id()) == null
                    && property.defaultValue() == null) {
                missing.add(property.id());
            }
        }
        if (!missing.isEmpty()) {
            throw new AssertionError(descriptor.typeId() + " is missing required properties " + missing);
        }
        try {
            return action.execute(input, context.asNodeContext()).toCompletableFuture()
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError(descriptor.typeId() + " failed by throwing instead of returning a Failure",
                    e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError(descriptor.typeId() + " did not finish within " + TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * The items a result emitted on a port, failing if the result is not an emit.
     *
     * @param result the result
     * @param port the output port
     * @return the items
     */
    public static List<Item> itemsOn(NodeResult result, String port) {
        if (!(result instanceof NodeResult.Emit emit)) {
            throw new AssertionError("expected items, got " + result);
        }
        return emit.byPort().getOrDefault(port, List.of());
    }
}
