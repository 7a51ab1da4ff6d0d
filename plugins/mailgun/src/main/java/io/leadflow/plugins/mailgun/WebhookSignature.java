package io.leadflow.plugins.mailgun;

/**
 * The three values Mailgun signs every webhook and inbound route post with.
 *
 * @param timestamp seconds since the epoch, as sent
 * @param token a random string Mailgun generates per request (50 characters)
 * @param signature hex HMAC-SHA256 of {@code timestamp + token} under the webhook signing key
 */
record WebhookSignature(String timestamp, String token, String signature) {

    /** @return whether any of the three values is missing */
    boolean incomplete() {
        return isBlank(timestamp) || isBlank(token) || isBlank(signature);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
