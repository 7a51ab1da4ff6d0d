package io.leadflow.api.channel;

/**
 * A provider's acknowledgement of a send.
 *
 * @param providerMessageId the provider's id for the message
 * @param status the provider's status word (e.g. {@code queued})
 */
public record SendReceipt(String providerMessageId, String status) {
}
