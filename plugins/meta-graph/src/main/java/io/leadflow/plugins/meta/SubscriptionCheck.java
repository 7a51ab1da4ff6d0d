package io.leadflow.plugins.meta;

import io.leadflow.api.channel.WebhookContent;
import io.leadflow.api.trigger.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * Meta's webhook verification: when a webhook is configured, Meta calls
 * {@code GET <url>?hub.mode=subscribe&hub.verify_token=<token>&hub.challenge=<number>} and expects
 * the challenge back, as is, with 200; anything else must be refused (403) so a stranger cannot
 * subscribe the endpoint.
 */
public final class SubscriptionCheck {
    private static final int MAX_CHALLENGE = 256;

    private SubscriptionCheck() {
    }

    /**
     * Answers a verification request.
     *
     * @param request the {@code GET} request
     * @param verifyToken the credential's verify token
     * @return 200 with the challenge as {@code text/plain}, or 403 saying what did not match
     */
    public static WebhookContent answer(WebhookRequest request, String verifyToken) {
        String mode = first(request, "hub.mode");
        String token = first(request, "hub.verify_token");
        String challenge = first(request, "hub.challenge");
        if (!"subscribe".equals(mode) || challenge == null || challenge.isEmpty() || challenge.length() > MAX_CHALLENGE) {
            return WebhookContent.reply(403, "text/plain", "not a subscription check (hub.mode=subscribe with hub.challenge)");
        }
        if (verifyToken == null || verifyToken.isEmpty() || token == null || !MessageDigest.isEqual(
                verifyToken.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
            return WebhookContent.reply(403, "text/plain", "hub.verify_token does not match the credential's verify token");
        }
        return WebhookContent.reply(200, "text/plain", challenge);
    }

    private static String first(WebhookRequest request, String name) {
        List<String> values = request.query().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
