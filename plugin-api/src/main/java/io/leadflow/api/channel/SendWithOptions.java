package io.leadflow.api.channel;

import java.util.concurrent.CompletionStage;

/**
 * Optional for a {@link Channel}: one that can send {@link SendOptions} (a template, a message tag,
 * variables) implements this too. The kernel calls it for every send that carries options, and
 * refuses such a send (permanently, code {@code unsupported_option}) on a channel without it.
 *
 * <p>Since channel package version 1.1.
 */
public interface SendWithOptions {
    /**
     * Sends a message with options. Completes exceptionally with a {@link ChannelException} when
     * the provider refuses it, or when this channel cannot use one of the options.
     *
     * @param message the message; its text is what the kernel stores (for a template, a readable
     *                rendering of it)
     * @param options the options, never empty
     * @param context the credential and services
     * @return the provider's receipt
     */
    CompletionStage<SendReceipt> send(OutboundMessage message, SendOptions options, ChannelContext context);
}
