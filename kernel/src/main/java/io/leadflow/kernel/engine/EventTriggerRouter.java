package io.leadflow.kernel.engine;

import io.leadflow.api.node.Item;
import io.leadflow.api.trigger.EventTrigger;
import io.leadflow.api.trigger.KernelEvent;
import io.leadflow.kernel.event.KernelEvents;
import io.leadflow.kernel.plugin.NodeRegistry;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts executions from kernel events: for each event, every active workflow whose trigger is an
 * {@link EventTrigger} listing the event's type is offered it, and each trigger that answers with
 * items starts one execution (mode {@code event}). Runs on the event bus's thread, so events start
 * executions in the order they happened; a trigger that throws or a start that fails is logged and
 * skipped without keeping the event from the other workflows.
 */
public final class EventTriggerRouter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventTriggerRouter.class);
    static final String MODE = "event";

    private final TriggerRoutes routes;
    private final NodeRegistry registry;
    private final Engine engine;
    private final AutoCloseable subscription;

    public EventTriggerRouter(KernelEvents events, TriggerRoutes routes, NodeRegistry registry, Engine engine) {
        this.routes = routes;
        this.registry = registry;
        this.engine = engine;
        this.subscription = events.subscribe(this::route);
    }

    void route(KernelEvent event) {
        for (TriggerRoutes.Route route : routes.eventRoutes()) {
            Optional<NodeRegistry.NodeLease> lease = registry.lease(route.type());
            if (lease.isEmpty()) {
                continue;
            }
            Optional<List<Item>> items;
            try (NodeRegistry.NodeLease held = lease.get()) {
                if (!(held.node().node() instanceof EventTrigger trigger) || !trigger.eventTypes().contains(event.type())) {
                    continue;
                }
                items = trigger.onEvent(event, routes.context(route));
            } catch (RuntimeException e) {
                LOG.warn("Event trigger {} of workflow {} failed on {}: {}", route.type(), route.workflowId(),
                        event.type(), e.toString());
                continue;
            }
            if (items == null || items.isEmpty() || items.get().isEmpty()) {
                continue;
            }
            try {
                engine.start(route.workflowId(), route.version(), route.nodeId(), items.get(), MODE);
            } catch (RuntimeException e) {
                LOG.warn("Could not start workflow {} on {}: {}", route.workflowId(), event.type(), e.toString());
            }
        }
    }

    @Override
    public void close() {
        try {
            subscription.close();
        } catch (Exception e) {
            LOG.debug("Unsubscribing event triggers failed", e);
        }
    }
}
