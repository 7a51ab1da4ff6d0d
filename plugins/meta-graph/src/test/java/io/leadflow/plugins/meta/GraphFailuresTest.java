package io.leadflow.plugins.meta;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.api.channel.ChannelException;
import io.leadflow.api.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GraphFailuresTest {

    private static ChannelException of(int status, String body) {
        return GraphFailures.of("WhatsApp", new HttpResponse(status, Map.of(), body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void outsideTheWindowIsPermanentWithTheHintToSendATemplate() {
        ChannelException failure = of(400, FakeGraph.error(131047, 0, "Re-engagement message",
                "Message failed to send because more than 24 hours have passed since the customer last replied to this number."));
        assertThat(failure.retryable()).isFalse();
        assertThat(failure.code()).isEqualTo("outside_window");
        assertThat(failure.getMessage()).contains("template", "131047", "more than 24 hours", "fbtrace_id AbCdEfGhIjKlMnOp");
        ChannelException messenger = of(400, FakeGraph.error(10, 2018278, "(#10) This message is sent outside of allowed window.", null));
        assertThat(messenger.code()).isEqualTo("outside_window");
        assertThat(messenger.getMessage()).contains("tagged message", "10/2018278");
    }

    @Test
    void rateLimitsTemporaryErrorsAndServerErrorsAreRetryable() {
        for (int code : new int[] {130429, 131056, 80007, 613, 4}) {
            ChannelException failure = of(400, FakeGraph.error(code, 0, "(#" + code + ") Rate limit hit", null));
            assertThat(failure.retryable()).as("code " + code).isTrue();
            assertThat(failure.code()).isEqualTo("rate_limited");
        }
        assertThat(of(500, FakeGraph.error(2, 0, "Service temporarily unavailable", null)).retryable()).isTrue();
        assertThat(of(503, "<html>Service Unavailable</html>").code()).isEqualTo("provider_error");
        assertThat(of(400, "{\"error\":{\"message\":\"An unexpected error\",\"code\":9999,\"is_transient\":true}}")
                .retryable()).isTrue();
    }

    @Test
    void anExpiredTokenIsUnauthorizedSoTheKernelFlagsTheCredential() {
        ChannelException failure = of(401, FakeGraph.error(190, 463, "Error validating access token: Session has expired", null));
        assertThat(failure.retryable()).isFalse();
        assertThat(failure.code()).isEqualTo("unauthorized");
        assertThat(failure.getMessage()).contains("renew it in the credential", "Session has expired", "190/463");
    }

    @Test
    void otherRefusalsArePermanentWithMetasMessage() {
        ChannelException failure = of(400, FakeGraph.error(100, 0, "(#100) The parameter to is required.", null));
        assertThat(failure.retryable()).isFalse();
        assertThat(failure.code()).isEqualTo("rejected");
        assertThat(failure.getMessage()).contains("The parameter to is required", "HTTP 400");
    }
}
