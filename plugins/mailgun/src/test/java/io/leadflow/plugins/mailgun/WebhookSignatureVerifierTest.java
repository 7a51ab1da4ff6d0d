package io.leadflow.plugins.mailgun;

import static io.leadflow.plugins.mailgun.MailgunRequests.CLOCK;
import static io.leadflow.plugins.mailgun.MailgunRequests.NOW;
import static io.leadflow.plugins.mailgun.MailgunRequests.SIGNING_KEY;
import static io.leadflow.plugins.mailgun.MailgunRequests.sign;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.plugins.mailgun.WebhookSignatureVerifier.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class WebhookSignatureVerifierTest {
    private static final String TOKEN = "e0b5477167110d68991efc6b9f89f0a11066af27834600e123";
    private final WebhookSignatureVerifier verifier = new WebhookSignatureVerifier(CLOCK);

    private static WebhookSignature signedAt(Instant instant) {
        String timestamp = Long.toString(instant.getEpochSecond());
        return new WebhookSignature(timestamp, TOKEN, sign(SIGNING_KEY, timestamp, TOKEN));
    }

    @Test
    void acceptsASignatureComputedIndependently() {
        // computed with Python's hmac module: hmac.new(key, b"1772445600" + token, sha256).hexdigest()
        WebhookSignature signature = new WebhookSignature("1772445600", TOKEN,
                "0fc62311c282bc133db64591b922c47d2f28486e7a4ec0aaeb34f9f577680351");

        assertThat(NOW.getEpochSecond()).isEqualTo(1772445600L);
        assertThat(verifier.verify(SIGNING_KEY, signature)).isEqualTo(Verdict.VALID);
    }

    @Test
    void acceptsUpperCaseHex() {
        WebhookSignature signature = signedAt(NOW);
        WebhookSignature upper = new WebhookSignature(signature.timestamp(), TOKEN,
                signature.signature().toUpperCase(Locale.ROOT));

        assertThat(verifier.verify(SIGNING_KEY, upper)).isEqualTo(Verdict.VALID);
    }

    @Test
    void refusesASignatureMadeWithAnotherKey() {
        String timestamp = Long.toString(NOW.getEpochSecond());
        WebhookSignature forged = new WebhookSignature(timestamp, TOKEN, sign("another-key", timestamp, TOKEN));

        assertThat(verifier.verify(SIGNING_KEY, forged)).isEqualTo(Verdict.FORGED);
    }

    @Test
    void refusesASignatureMovedToAnotherToken() {
        WebhookSignature genuine = signedAt(NOW);
        WebhookSignature moved = new WebhookSignature(genuine.timestamp(), "another-token", genuine.signature());

        assertThat(verifier.verify(SIGNING_KEY, moved)).isEqualTo(Verdict.FORGED);
    }

    @Test
    void refusesATruncatedSignature() {
        WebhookSignature genuine = signedAt(NOW);
        WebhookSignature truncated = new WebhookSignature(genuine.timestamp(), TOKEN,
                genuine.signature().substring(0, 32));

        assertThat(verifier.verify(SIGNING_KEY, truncated)).isEqualTo(Verdict.FORGED);
    }

    @Test
    void refusesMissingValues() {
        assertThat(verifier.verify(SIGNING_KEY, null)).isEqualTo(Verdict.MISSING);
        assertThat(verifier.verify(SIGNING_KEY, new WebhookSignature("1772445600", TOKEN, null)))
                .isEqualTo(Verdict.MISSING);
        assertThat(verifier.verify(SIGNING_KEY, new WebhookSignature("1772445600", "", "abc")))
                .isEqualTo(Verdict.MISSING);
    }

    @Test
    void acceptsTimestampsInsideTheFiveMinuteWindow() {
        assertThat(verifier.verify(SIGNING_KEY, signedAt(NOW.minus(Duration.ofMinutes(5)))))
                .isEqualTo(Verdict.VALID);
        assertThat(verifier.verify(SIGNING_KEY, signedAt(NOW.plus(Duration.ofMinutes(4)))))
                .isEqualTo(Verdict.VALID);
    }

    @Test
    void refusesStaleAndFarFutureTimestamps() {
        assertThat(verifier.verify(SIGNING_KEY, signedAt(NOW.minus(Duration.ofMinutes(5).plusSeconds(1)))))
                .isEqualTo(Verdict.STALE);
        assertThat(verifier.verify(SIGNING_KEY, signedAt(NOW.plus(Duration.ofMinutes(6)))))
                .isEqualTo(Verdict.STALE);
    }

    @Test
    void refusesATimestampThatIsNotANumber() {
        String timestamp = "2026-03-02T10:00:00Z";
        WebhookSignature signature = new WebhookSignature(timestamp, TOKEN, sign(SIGNING_KEY, timestamp, TOKEN));

        assertThat(verifier.verify(SIGNING_KEY, signature)).isEqualTo(Verdict.FORGED);
    }

    @Test
    void remembersATokenUntilItsTimestampLeavesTheWindow() {
        assertThat(verifier.remainingValidity(signedAt(NOW))).isEqualTo(Duration.ofMinutes(5));
        assertThat(verifier.remainingValidity(signedAt(NOW.minus(Duration.ofMinutes(2)))))
                .isEqualTo(Duration.ofMinutes(3));
    }
}
