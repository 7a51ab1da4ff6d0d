package io.leadflow.api.channel;

import io.leadflow.api.trigger.WebhookRequest;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.pf4j.ExtensionPoint;

/**
 * A messaging integration. Mark implementations with PF4J's {@code @Extension}.
 */
public interface Channel extends ExtensionPoint {

    /** @return the channel's id, medium and credential type */
    ChannelDescriptor descriptor();

    /**
     * Sends a message. Completes exceptionally with a {@link ChannelException} when the provider
     * refuses it.
     *
     * @param message the message
     * @param context the credential and services
     * @return the provider's receipt
     */
    CompletionStage<SendReceipt> send(OutboundMessage message, ChannelContext context);

    /**
     * Turns a provider's inbound webhook into a message, after checking its signature. Empty when
     * the request is authentic but carries no message (a delivery receipt, a status update).
     *
     * @param request the request as received
     * @param context the credential and services
     * @return the message, if the request carries one
     * @throws SecurityException if the signature is missing, wrong or stale
     */
    CompletionStage<Optional<InboundMessage>> receive(WebhookRequest request, ChannelContext context);
}
