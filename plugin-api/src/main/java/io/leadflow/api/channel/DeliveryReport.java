package io.leadflow.api.channel;

import java.util.Locale;
import java.util.Objects;

/**
 * A provider's word on a message the kernel sent: its delivery status, from a status callback or a
 * webhook event. The kernel records it on the stored message with that provider message id, and
 * never lets a later report move it back (a {@code sent} that arrives after {@code delivered}).
 *
 * @param providerMessageId the provider's id of the message, as in its {@link SendReceipt}
 * @param status one of {@code queued}, {@code sent}, {@code delivered}, {@code read},
 *               {@code undelivered}, {@code failed} (lower case; others are kept as given)
 * @param errorCode the provider's error code for a failed delivery, or null
 * @param errorMessage the provider's explanation, or null
 */
public record DeliveryReport(String providerMessageId, String status, String errorCode, String errorMessage) {
    /**
     * Checks and normalises the report.
     *
     * @param providerMessageId the provider's id of the message
     * @param status the delivery status, lower-cased here
     * @param errorCode the provider's error code, or null
     * @param errorMessage the provider's explanation, or null
     * @throws NullPointerException without a message id or status
     */
    public DeliveryReport {
        Objects.requireNonNull(providerMessageId, "providerMessageId");
        Objects.requireNonNull(status, "status");
        status = status.trim().toLowerCase(Locale.ROOT);
    }
}
