package io.leadflow.api.trigger;

import io.leadflow.api.node.Item;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A trigger that fires on a schedule; the kernel fires each schedule once even with several kernels. */
public interface ScheduleTrigger extends Trigger {

    /**
     * When to fire, for this configuration.
     *
     * @param context the trigger's configuration and ids
     * @return the schedule
     */
    Schedule schedule(TriggerContext context);

    /**
     * The items a firing starts the run with. The default is one item with {@code scheduledAt}.
     *
     * @param scheduledAt the instant this firing was due
     * @param context the trigger's configuration and services
     * @return the items
     */
    default List<Item> fire(Instant scheduledAt, TriggerContext context) {
        return List.of(Item.of(Map.of("scheduledAt", scheduledAt.toString())));
    }
}
