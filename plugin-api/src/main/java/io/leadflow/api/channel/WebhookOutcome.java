package io.leadflow.api.channel;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one verified provider webhook carried: a message from a lead, delivery reports on messages
 * sent before, both, or neither (an authentic ping).
 *
 * @param message the inbound message, if the webhook carried one
 * @param reports the delivery reports it carried, possibly none
 */
public record WebhookOutcome(Optional<InboundMessage> message, List<DeliveryReport> reports) {
    /** Copies the reports; an absent message is {@link Optional#empty()}. */
    public WebhookOutcome {
        message = message == null ? Optional.empty() : message;
        reports = reports == null ? List.of() : List.copyOf(reports);
    }

    /**
     * A webhook that carried one inbound message.
     *
     * @param message the message
     * @return the outcome
     */
    public static WebhookOutcome of(InboundMessage message) {
        return new WebhookOutcome(Optional.of(Objects.requireNonNull(message, "message")), List.of());
    }

    /**
     * A webhook that carried delivery reports only.
     *
     * @param reports the reports
     * @return the outcome
     */
    public static WebhookOutcome of(List<DeliveryReport> reports) {
        return new WebhookOutcome(Optional.empty(), reports);
    }

    /**
     * An authentic webhook that carried nothing to record.
     *
     * @return the outcome
     */
    public static WebhookOutcome none() {
        return new WebhookOutcome(Optional.empty(), List.of());
    }
}
