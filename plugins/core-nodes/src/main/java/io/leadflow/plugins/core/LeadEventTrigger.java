package io.leadflow.plugins.core;

import io.leadflow.api.node.Item;
import io.leadflow.api.trigger.EventTrigger;
import io.leadflow.api.trigger.KernelEvent;
import io.leadflow.api.trigger.TriggerContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A trigger on one kind of kernel event: the event's data (always with {@code leadId}) becomes the
 * one item, with the event type as {@code event}. Subclasses add a filter on the data.
 */
abstract class LeadEventTrigger implements EventTrigger {
    private final String eventType;

    LeadEventTrigger(String eventType) {
        this.eventType = eventType;
    }

    /** {@inheritDoc} */
    @Override
    public Set<String> eventTypes() {
        return Set.of(eventType);
    }

    /** {@inheritDoc} */
    @Override
    public Optional<List<Item>> onEvent(KernelEvent event, TriggerContext context) {
        if (!eventType.equals(event.type()) || !accepts(event.data(), context)) {
            return Optional.empty();
        }
        Map<String, Object> json = new LinkedHashMap<>(event.data());
        json.put("event", event.type());
        json.put("at", event.at().toString());
        return Optional.of(List.of(Item.of(json)));
    }

    /** Whether the configured filter lets this event's data through. */
    abstract boolean accepts(Map<String, Object> data, TriggerContext context);

    /** The comma-separated words of a filter, trimmed, blanks dropped. */
    static List<String> words(String text) {
        if (text == null) {
            return List.of();
        }
        return java.util.Arrays.stream(text.split(",")).map(String::trim).filter(word -> !word.isEmpty()).toList();
    }
}
