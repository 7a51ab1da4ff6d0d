package io.leadflow.api.node;

import io.leadflow.api.channel.ChannelException;
import io.leadflow.api.channel.SendOptions;
import io.leadflow.api.channel.SendReceipt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Sends a message to a lead through any channel, without the node knowing the provider. The
 * kernel enforces the lead's consent before anything leaves: a lead who opted out of the medium
 * (or, where the medium needs an explicit opt-in, never opted in) is never messaged, and the stage
 * fails with a non-retryable {@link ChannelException} of code {@code opted_out} or
 * {@code no_consent} whose message says why. The kernel resolves the recipient's address from the
 * lead, picks the credential, stores the message (encrypted) and audits the send.
 *
 * <p>Obtain it from {@link NodeContext#messages()}; the kernel implements it, plugins only call it.
 */
public interface Messages {

    /**
     * Sends one message to a lead.
     *
     * <p>The stage fails with a {@link ChannelException}: {@code retryable} when trying again may
     * succeed (rate limit, provider down), else permanent, e.g. {@code opted_out},
     * {@code no_consent}, {@code no_address} (the lead has no email or phone for the medium),
     * {@code no_channel} (no started plugin offers it), {@code no_credential}, {@code no_lead}.
     *
     * @param leadId the lead's id
     * @param channel a channel id (e.g. {@code mailgun.email}), a medium name (e.g. {@code email},
     *                {@code sms}: the kernel picks a started channel of that medium), or {@code auto}: the
     *                lead's {@code preferredChannel} custom field when a started channel offers it, else
     *                the channel the lead last wrote on
     * @param subject the subject (email), or null
     * @param text the plain-text body
     * @param html the HTML body (email), or null
     * @param idempotencyKey a key stable across retries of this send, usually
     *                       {@link NodeContext#idempotencyKey()}; a key already sent is not sent again
     *                       (the first receipt is returned) and is passed to providers that accept one
     * @return the provider's receipt
     */
    CompletionStage<SendReceipt> send(String leadId, String channel, String subject, String text, String html,
                                      String idempotencyKey);

    /**
     * Sends one message with {@link SendOptions}: a WhatsApp template, a Messenger or Instagram
     * message tag, or a voice assistant's variables. Besides the failures of
     * {@link #send(String, String, String, String, String, String)}: {@code outside_window} when
     * the lead has not written on WhatsApp, Messenger or Instagram in the last 24 hours and the send
     * is neither a template nor tagged, and {@code unsupported_option} when the channel cannot take
     * the options.
     *
     * <p>The default, for hosts that predate it, sends a message without options and refuses one
     * with options.
     *
     * @param leadId the lead's id
     * @param channel a channel id or a medium name
     * @param text the plain-text body (for a template, what the kernel stores as its text)
     * @param options the options
     * @param idempotencyKey a key stable across retries of this send
     * @return the provider's receipt
     * @since node 1.3.0
     */
    default CompletionStage<SendReceipt> send(String leadId, String channel, String text, SendOptions options,
                                              String idempotencyKey) {
        if (options == null || options.isEmpty()) {
            return send(leadId, channel, null, text, null, idempotencyKey);
        }
        return CompletableFuture.failedFuture(new ChannelException("this host cannot send messages with options",
                false, "unsupported_option"));
    }
}
