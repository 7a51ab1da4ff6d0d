package io.leadflow.plugins.mailgun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadflow.api.channel.ChannelException;
import io.leadflow.api.channel.SendReceipt;
import io.leadflow.testkit.JdkHttpClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MailgunClientTest {
    private FakeMailgun mailgun;
    private MailgunClient client;

    @BeforeEach
    void start() throws IOException {
        mailgun = FakeMailgun.start();
        client = new MailgunClient(new JdkHttpClient(), Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        mailgun.close();
    }

    private MailgunAccount account() {
        return MailgunAccount.from(MailgunRequests.credential(mailgun.baseUrl()));
    }

    private static MailgunMessage message() {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("leadId", "lead-42");
        variables.put("campaign", "spring");
        return new MailgunMessage("Sales <sales@mg.example.com>", List.of("alice@example.com", "bob@example.com"),
                "Your quote", "Hello Alice", "<p>Hello Alice</p>", List.of("quote", "spring"), true, false,
                variables, "ex-1:node-1:1");
    }

    private SendReceipt send(MailgunAccount account, MailgunMessage message) throws Exception {
        return client.send(account, message).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private ChannelException refusal(MailgunAccount account, MailgunMessage message) {
        try {
            send(account, message);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(ChannelException.class);
            return (ChannelException) e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("the send succeeded");
    }

    @Test
    void sendsTheMessagesApiRequestAndReturnsMailgunsId() throws Exception {
        SendReceipt receipt = send(account(), message());

        assertThat(receipt.providerMessageId()).startsWith("<20260302100000.").endsWith("@mg.example.com>");
        assertThat(receipt.status()).isEqualTo("queued");
        FakeMailgun.Received request = mailgun.last();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/v3/mg.example.com/messages");
        assertThat(request.header("Authorization")).isEqualTo(FakeMailgun.basicAuth(FakeMailgun.API_KEY));
        assertThat(request.header("Content-Type")).startsWith("application/x-www-form-urlencoded");
        assertThat(request.field("from")).containsExactly("Sales <sales@mg.example.com>");
        assertThat(request.field("to")).containsExactly("alice@example.com", "bob@example.com");
        assertThat(request.field("subject")).containsExactly("Your quote");
        assertThat(request.field("text")).containsExactly("Hello Alice");
        assertThat(request.field("html")).containsExactly("<p>Hello Alice</p>");
        assertThat(request.field("o:tag")).containsExactly("quote", "spring");
        assertThat(request.field("o:tracking-opens")).containsExactly("yes");
        assertThat(request.field("o:tracking-clicks")).containsExactly("no");
        assertThat(request.field("v:leadId")).containsExactly("lead-42");
        assertThat(request.field("v:campaign")).containsExactly("spring");
        assertThat(request.field("h:X-LeadFlow-Idempotency-Key")).containsExactly("ex-1:node-1:1");
    }

    @Test
    void leavesOutWhatIsNotSet() throws Exception {
        send(account(), new MailgunMessage("sales@mg.example.com", List.of("alice@example.com"), null, "Hi", null,
                null, null, null, null, null));

        assertThat(mailgun.last().form()).containsOnlyKeys("from", "to", "text");
    }

    @Test
    void badRequestIsPermanentAndCarriesMailgunsExplanation() {
        mailgun.answerNext(400, "application/json", "{\"message\":\"to parameter is not a valid address\"}");

        ChannelException refusal = refusal(account(), message());

        assertThat(refusal.code()).isEqualTo("bad_request");
        assertThat(refusal.retryable()).isFalse();
        assertThat(refusal.getMessage()).contains("to parameter is not a valid address");
    }

    @Test
    void aWrongKeyIsPermanentlyUnauthorized() {
        MailgunAccount wrongKey = MailgunAccount.from(
                MailgunRequests.credential(mailgun.baseUrl(), "key-wrong", FakeMailgun.DOMAIN));

        ChannelException refusal = refusal(wrongKey, message());

        assertThat(refusal.code()).isEqualTo("unauthorized");
        assertThat(refusal.retryable()).isFalse();
        assertThat(refusal.getMessage()).doesNotContain("key-wrong");
    }

    @Test
    void forbiddenIsPermanentlyUnauthorized() {
        mailgun.answerNext(403, "application/json", "{\"message\":\"Domain is disabled\"}");

        ChannelException refusal = refusal(account(), message());

        assertThat(refusal.code()).isEqualTo("unauthorized");
        assertThat(refusal.retryable()).isFalse();
    }

    @Test
    void anUnknownDomainIsPermanent() {
        MailgunAccount otherDomain = MailgunAccount.from(
                MailgunRequests.credential(mailgun.baseUrl(), FakeMailgun.API_KEY, "mg.unknown.org"));

        ChannelException refusal = refusal(otherDomain, message());

        assertThat(mailgun.last().path()).isEqualTo("/v3/mg.unknown.org/messages");
        assertThat(refusal.code()).isEqualTo("unknown_domain");
        assertThat(refusal.retryable()).isFalse();
    }

    @Test
    void aRateLimitIsRetryable() {
        mailgun.answerNext(429, "application/json", "{\"message\":\"Too many requests\"}", Map.of("Retry-After", "7"));

        ChannelException refusal = refusal(account(), message());

        assertThat(refusal.code()).isEqualTo("rate_limited");
        assertThat(refusal.retryable()).isTrue();
        assertThat(refusal.getMessage()).contains("retry after 7 s");
    }

    @Test
    void aServerErrorIsRetryable() {
        mailgun.answerNext(500, "text/plain", "Internal Server Error");

        ChannelException refusal = refusal(account(), message());

        assertThat(refusal.code()).isEqualTo("provider_error");
        assertThat(refusal.retryable()).isTrue();
    }

    @Test
    void aSlowAnswerTimesOutAsRetryableUnreachable() {
        mailgun.answerSlowlyNext(Duration.ofSeconds(5));
        MailgunClient impatient = new MailgunClient(new JdkHttpClient(), Duration.ofMillis(300));

        long started = System.nanoTime();
        ChannelException refusal;
        try {
            impatient.send(account(), message()).toCompletableFuture().get(10, TimeUnit.SECONDS);
            throw new AssertionError("the send succeeded");
        } catch (ExecutionException e) {
            refusal = (ChannelException) e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
        assertThat(refusal.code()).isEqualTo("unreachable");
        assertThat(refusal.retryable()).isTrue();
        assertThat(refusal.getMessage()).startsWith("cannot reach Mailgun: ");
    }

    @Test
    void aRefusedConnectionIsRetryableUnreachable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        MailgunAccount nowhere = MailgunAccount.from(MailgunRequests.credential("http://127.0.0.1:" + closedPort));

        ChannelException refusal = refusal(nowhere, message());

        assertThat(refusal.code()).isEqualTo("unreachable");
        assertThat(refusal.retryable()).isTrue();
    }

    @Test
    void moreThanThreeTagsAreRefusedBeforeCallingMailgun() {
        MailgunMessage tooManyTags = new MailgunMessage("sales@mg.example.com", List.of("alice@example.com"), "s",
                "t", null, List.of("a", "b", "c", "d"), null, null, null, null);

        ChannelException refusal = refusal(account(), tooManyTags);

        assertThat(refusal.code()).isEqualTo("bad_request");
        assertThat(refusal.retryable()).isFalse();
        assertThat(refusal.getMessage()).contains("at most 3 tags");
        assertThat(mailgun.received()).isEmpty();
    }

    @Test
    void aMessageWithoutBodyIsRefusedBeforeCallingMailgun() {
        MailgunMessage noBody = new MailgunMessage("sales@mg.example.com", List.of("alice@example.com"), "s",
                null, " ", null, null, null, null, null);

        assertThatThrownBy(() -> send(account(), noBody))
                .hasCauseInstanceOf(ChannelException.class)
                .hasMessageContaining("text or an HTML body");
        assertThat(mailgun.received()).isEmpty();
    }
}
