package io.leadflow.plugins.meta;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.api.channel.WebhookContent;
import io.leadflow.api.trigger.WebhookOutcome;
import io.leadflow.api.trigger.WebhookRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubscriptionCheckTest {

    private static WebhookOutcome.Reply answer(Map<String, List<String>> query, String verifyToken) {
        WebhookRequest request = new WebhookRequest("GET", "channels/whatsapp/message", query, Map.of(), new byte[0],
                "127.0.0.1", Instant.now());
        WebhookContent content = SubscriptionCheck.answer(request, verifyToken);
        assertThat(content.messages()).isEmpty();
        return content.reply().orElseThrow();
    }

    @Test
    void answersTheChallengeAsPlainTextWhenTheTokenMatches() {
        WebhookOutcome.Reply reply = answer(Map.of("hub.mode", List.of("subscribe"), "hub.verify_token", List.of("s3cret"),
                "hub.challenge", List.of("1158201444")), "s3cret");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).isEqualTo("text/plain");
        assertThat(reply.body()).isEqualTo("1158201444");
    }

    @Test
    void refusesAWrongTokenAnotherModeOrNoChallengeWith403() {
        assertThat(answer(Map.of("hub.mode", List.of("subscribe"), "hub.verify_token", List.of("guess"),
                "hub.challenge", List.of("1")), "s3cret").status()).isEqualTo(403);
        assertThat(answer(Map.of("hub.mode", List.of("unsubscribe"), "hub.verify_token", List.of("s3cret"),
                "hub.challenge", List.of("1")), "s3cret").status()).isEqualTo(403);
        assertThat(answer(Map.of("hub.mode", List.of("subscribe"), "hub.verify_token", List.of("s3cret")), "s3cret")
                .status()).isEqualTo(403);
        assertThat(answer(Map.of("hub.mode", List.of("subscribe"), "hub.verify_token", List.of(""),
                "hub.challenge", List.of("1")), null).status()).as("no token configured").isEqualTo(403);
    }
}
