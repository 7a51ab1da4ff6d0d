package io.leadflow.api.channel;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A message a lead sent, normalised across providers.
 *
 * @param medium the medium
 * @param channelId the channel it arrived through
 * @param from the sender (address, E.164 number, page-scoped id)
 * @param to the address or number it was sent to
 * @param text the plain-text body
 * @param providerMessageId the provider's id of the message
 * @param inReplyTo the provider's id of the message this answers, or null
 * @param receivedAt when the provider received it
 * @param raw the provider's payload as plain JSON values, for mappings
 */
public record InboundMessage(Medium medium, String channelId, String from, String to, String text,
                             String providerMessageId, String inReplyTo, Instant receivedAt,
                             Map<String, Object> raw) {

    /**
     * Validates and copies.
     *
     * @param medium the medium
     * @param channelId the channel
     * @param from the sender
     * @param to the recipient
     * @param text the text
     * @param providerMessageId the provider's id
     * @param inReplyTo the answered message id
     * @param receivedAt the receive time
     * @param raw the raw payload
     */
    public InboundMessage {
        Objects.requireNonNull(medium, "medium");
        Objects.requireNonNull(channelId, "channelId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(receivedAt, "receivedAt");
        text = text == null ? "" : text;
        raw = Collections.unmodifiableMap(new LinkedHashMap<>(raw == null ? Map.of() : raw));
    }
}
