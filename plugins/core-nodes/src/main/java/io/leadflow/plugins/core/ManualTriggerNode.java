package io.leadflow.plugins.core;

import io.leadflow.api.node.Item;
import io.leadflow.api.node.NodeDescriptor;
import io.leadflow.api.trigger.EventTrigger;
import io.leadflow.api.trigger.KernelEvent;
import io.leadflow.api.trigger.TriggerContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.pf4j.Extension;

/**
 * {@code core.manual}: starts a run when someone runs the workflow by hand (the kernel's
 * {@code workflow.manual-run} event). The event's {@code payload} becomes the items: an object is
 * one item, an array of objects several; no payload starts the run with one empty item.
 */
@Extension
public final class ManualTriggerNode implements EventTrigger {
    /** The kernel event a manual run raises. */
    static final String EVENT_TYPE = "workflow.manual-run";

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.trigger("core.manual")
            .label("Manual run")
            .description("Starts the workflow when it is run by hand, with an optional JSON payload.")
            .category("Core")
            .icon("play")
            .build();

    /** Creates the node; PF4J instantiates it once per plugin start. */
    public ManualTriggerNode() {
        // stateless: everything comes from the event
    }

    /** {@inheritDoc} */
    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /** {@inheritDoc} */
    @Override
    public Set<String> eventTypes() {
        return Set.of(EVENT_TYPE);
    }

    /**
     * Turns the payload into items. An event that names another workflow ({@code workflowId}) is
     * ignored, in case the kernel broadcasts manual runs to every manual trigger.
     *
     * @param event the manual-run event
     * @param context the trigger's ids
     * @return the items, or empty for an event that is not for this workflow
     */
    @Override
    public Optional<List<Item>> onEvent(KernelEvent event, TriggerContext context) {
        if (!EVENT_TYPE.equals(event.type())) {
            return Optional.empty();
        }
        Object target = event.data().get("workflowId");
        if (target != null && !target.toString().equals(context.workflowId())) {
            return Optional.empty();
        }
        Object payload = event.data().get("payload");
        List<Item> items = new ArrayList<>();
        if (payload instanceof List<?> list) {
            list.forEach(element -> items.add(Items.asItem(element)));
        } else if (payload != null) {
            items.add(Items.asItem(payload));
        }
        if (items.isEmpty()) {
            items.add(Item.of(Map.of()));
        }
        return Optional.of(items);
    }
}
