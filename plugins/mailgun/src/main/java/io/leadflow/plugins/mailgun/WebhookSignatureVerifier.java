package io.leadflow.plugins.mailgun;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks Mailgun's webhook signature: HMAC-SHA256 under the webhook signing key over the
 * timestamp followed by the token, hex encoded; and that the timestamp is recent, so a captured
 * request cannot be played again later. (Replays within the window are caught by remembering
 * tokens, which needs state the caller has.)
 */
final class WebhookSignatureVerifier {

    /** How far the signed timestamp may be from now, either way (clocks drift). */
    static final Duration REPLAY_WINDOW = Duration.ofMinutes(5);

    /** The outcome of a check. */
    enum Verdict {
        /** Signed with the key, recently. */
        VALID,
        /** The timestamp, token or signature is absent. */
        MISSING,
        /** Not signed with the key (or the timestamp is not a number). */
        FORGED,
        /** Signed with the key, but outside the replay window. */
        STALE
    }

    private final Clock clock;

    /** A verifier that reads the time from {@code clock}. */
    WebhookSignatureVerifier(Clock clock) {
        this.clock = clock;
    }

    /**
     * Checks a signature. The HMAC is checked before the time, so only requests signed with the
     * key learn that they are stale.
     */
    Verdict verify(String signingKey, WebhookSignature signature) {
        if (signingKey == null || signingKey.isEmpty()) {
            throw new IllegalArgumentException("no webhook signing key");
        }
        if (signature == null || signature.incomplete()) {
            return Verdict.MISSING;
        }
        Instant signedAt = signedAt(signature);
        if (signedAt == null) {
            return Verdict.FORGED;
        }
        byte[] expected = hmacHex(signingKey, signature.timestamp() + signature.token());
        byte[] given = signature.signature().trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, given)) {
            return Verdict.FORGED;
        }
        Duration age = Duration.between(signedAt, clock.instant()).abs();
        return age.compareTo(REPLAY_WINDOW) > 0 ? Verdict.STALE : Verdict.VALID;
    }

    /**
     * How long a valid signature's token must be remembered: until its timestamp leaves the window,
     * after which {@link #verify} refuses it as stale anyway.
     */
    Duration remainingValidity(WebhookSignature signature) {
        Instant signedAt = signedAt(signature);
        Instant now = clock.instant();
        if (signedAt == null) {
            return REPLAY_WINDOW;
        }
        Duration remaining = Duration.between(now, signedAt.plus(REPLAY_WINDOW));
        return remaining.isNegative() || remaining.isZero() ? Duration.ofSeconds(1) : remaining;
    }

    private static Instant signedAt(WebhookSignature signature) {
        String timestamp = signature.timestamp().trim();
        if (!timestamp.matches("[0-9]{1,12}")) {
            return null;
        }
        return Instant.ofEpochSecond(Long.parseLong(timestamp));
    }

    private static byte[] hmacHex(String key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).getBytes(StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
