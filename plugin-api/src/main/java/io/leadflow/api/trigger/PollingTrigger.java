package io.leadflow.api.trigger;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * A trigger that asks a provider for what is new since a cursor the kernel stores durably.
 */
public interface PollingTrigger extends Trigger {

    /**
     * How often to poll, for this configuration.
     *
     * @param context the trigger's configuration
     * @return the interval, at least one minute is advised
     */
    Duration interval(TriggerContext context);

    /**
     * Fetches what is new.
     *
     * @param cursor the cursor stored after the previous poll, or null on the first
     * @param context the trigger's configuration, credential and services
     * @return the new items and the next cursor
     */
    CompletionStage<Poll> poll(String cursor, TriggerContext context);
}
