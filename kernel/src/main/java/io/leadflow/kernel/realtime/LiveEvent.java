package io.leadflow.kernel.realtime;

import java.time.Instant;

/**
 * Something that happened, for clients subscribed to {@code topic} (e.g. {@code plugins},
 * {@code execution:<id>}). {@code data} is plain JSON values (maps, lists, strings, numbers).
 */
public record LiveEvent(String topic, String type, Object data, Instant at) {
}
