package io.leadflow.api.channel;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A message to send. The kernel has already checked the lead's consent for the medium.
 *
 * @param medium the medium
 * @param to the recipient (an email address, an E.164 number, a page-scoped id)
 * @param from the sender, or null for the credential's default
 * @param subject the subject (email), or null
 * @param text the plain-text body
 * @param html the HTML body (email), or null
 * @param tags provider tags for reporting
 * @param metadata provider variables carried back in delivery events (e.g. execution and lead ids)
 * @param idempotencyKey stable across retries of this send
 */
public record OutboundMessage(Medium medium, String to, String from, String subject, String text, String html,
                              List<String> tags, Map<String, String> metadata, String idempotencyKey) {

    /**
     * Validates and copies.
     *
     * @param medium the medium
     * @param to the recipient
     * @param from the sender
     * @param subject the subject
     * @param text the text
     * @param html the HTML
     * @param tags the tags
     * @param metadata the metadata
     * @param idempotencyKey the idempotency key
     */
    public OutboundMessage {
        Objects.requireNonNull(medium, "medium");
        Objects.requireNonNull(to, "to");
        tags = tags == null ? List.of() : List.copyOf(tags);
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata == null ? Map.of() : metadata));
    }
}
