package io.leadflow.api.channel;

import io.leadflow.api.trigger.WebhookRequest;
import java.util.concurrent.CompletionStage;

/**
 * Optional for a {@link Channel}: one whose provider's webhooks carry delivery reports as well as
 * messages implements this too, and the kernel calls {@link #handle} instead of
 * {@link Channel#receive} for its inbound route.
 *
 * <p>Since channel package version 1.1.
 */
public interface ChannelWebhooks {
    /**
     * Verifies and reads one provider webhook, whatever its method: a {@code GET} subscription
     * check is answered with {@link WebhookContent#reply}. The stage fails with a
     * {@link SecurityException} when the request cannot be verified (the kernel answers 401).
     *
     * @param request the request as received, raw body included
     * @param context the credential to verify with, an HTTP client and a logger
     * @return what the webhook carried
     */
    CompletionStage<WebhookContent> handle(WebhookRequest request, ChannelContext context);
}
