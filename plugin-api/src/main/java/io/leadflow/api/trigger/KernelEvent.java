package io.leadflow.api.trigger;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Something that happened inside LeadFlow: {@code lead.created}, {@code lead.updated},
 * {@code lead.tag-added}, {@code message.received}, ...
 *
 * @param type the event type
 * @param data the event's data as plain JSON values
 * @param at when it happened
 */
public record KernelEvent(String type, Map<String, Object> data, Instant at) {

    /**
     * Validates and copies.
     *
     * @param type the type
     * @param data the data
     * @param at the time
     */
    public KernelEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(at, "at");
        data = Collections.unmodifiableMap(new LinkedHashMap<>(data == null ? Map.of() : data));
    }
}
