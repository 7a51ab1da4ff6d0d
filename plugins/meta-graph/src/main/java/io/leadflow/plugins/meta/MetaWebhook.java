package io.leadflow.plugins.meta;

import io.leadflow.api.channel.WebhookContent;
import io.leadflow.api.trigger.WebhookRequest;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The door every Meta webhook goes through: a {@code GET} is the subscription check (see
 * {@link SubscriptionCheck}); a {@code POST} must carry a valid {@code X-Hub-Signature-256} over
 * its raw bytes before its body is parsed and read.
 */
public final class MetaWebhook {
    private MetaWebhook() {
    }

    /**
     * Handles one request.
     *
     * @param request the request as received
     * @param product the product, for messages
     * @param appSecret the app secret, or null when the credential has none (every post is refused)
     * @param verifyToken the verify token of the subscription check
     * @param reader turns a verified body into content
     * @return the content; fails with a {@link SecurityException} for an unverified post
     */
    public static CompletionStage<WebhookContent> handle(WebhookRequest request, String product, String appSecret,
                                                         String verifyToken,
                                                         Function<Map<String, Object>, WebhookContent> reader) {
        if (request.method().equalsIgnoreCase("GET")) {
            return CompletableFuture.completedFuture(SubscriptionCheck.answer(request, verifyToken));
        }
        if (appSecret == null || appSecret.isBlank()) {
            return CompletableFuture.failedFuture(new SecurityException("the " + product
                    + " credential has no app secret to verify Meta's signature with"));
        }
        String signature = request.header(HubSignature.HEADER);
        byte[] body = request.body();
        if (!HubSignature.valid(appSecret, body, signature)) {
            return CompletableFuture.failedFuture(new SecurityException(signature == null
                    ? "missing " + HubSignature.HEADER : "invalid " + HubSignature.HEADER));
        }
        try {
            return CompletableFuture.completedFuture(reader.apply(Json.objectOrEmpty(body)));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
