package io.leadflow.api.trigger;

import io.leadflow.api.node.Item;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A trigger that starts runs on kernel events, e.g. a lead created or a tag added. */
public interface EventTrigger extends Trigger {

    /** @return the event types this trigger listens to */
    Set<String> eventTypes();

    /**
     * Decides whether an event starts a run with this configuration, and with which items.
     *
     * @param event the event
     * @param context the trigger's configuration
     * @return the items to start with, or empty to ignore the event
     */
    Optional<List<Item>> onEvent(KernelEvent event, TriggerContext context);
}
