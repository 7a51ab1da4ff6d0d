package io.leadflow.plugins.meta;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HubSignatureTest {

    @Test
    void matchesThePublishedHmacSha256WebhookVector() {
        // the same X-Hub-Signature-256 scheme, with the test values GitHub publishes for it
        byte[] body = "Hello, World!".getBytes(StandardCharsets.UTF_8);
        String expected = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
        assertThat(HubSignature.of("It's a Secret to Everybody", body)).isEqualTo(expected);
        assertThat(HubSignature.valid("It's a Secret to Everybody", body, expected)).isTrue();
        assertThat(HubSignature.valid("It's a Secret to Everybody", body, expected.toUpperCase().replace("SHA256", "sha256")))
                .as("hex case does not matter").isTrue();
    }

    @Test
    void refusesAForgedAMissingAndAReserialisedBody() {
        String secret = "app-secret";
        byte[] sent = "{\"object\":\"page\",\"entry\":[{\"id\":\"1\", \"text\":\"caf\\u00e9\"}]}".getBytes(StandardCharsets.UTF_8);
        String signature = HubSignature.of(secret, sent);
        assertThat(HubSignature.valid(secret, sent, signature)).isTrue();
        byte[] reserialised = "{\"object\":\"page\",\"entry\":[{\"id\":\"1\",\"text\":\"café\"}]}".getBytes(StandardCharsets.UTF_8);
        assertThat(HubSignature.valid(secret, reserialised, signature)).as("same JSON, other bytes").isFalse();
        assertThat(HubSignature.valid("another-secret", sent, signature)).isFalse();
        assertThat(HubSignature.valid(secret, sent, null)).isFalse();
        assertThat(HubSignature.valid(secret, sent, signature.substring("sha256=".length()))).as("no prefix").isFalse();
        assertThat(HubSignature.valid("", sent, signature)).as("no secret configured").isFalse();
        assertThat(HubSignature.valid(null, sent, signature)).isFalse();
    }
}
