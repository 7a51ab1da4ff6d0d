package io.leadflow.plugins.mailgun;

import io.leadflow.api.channel.ChannelException;
import io.leadflow.api.channel.SendReceipt;
import io.leadflow.api.http.HttpClient;
import io.leadflow.api.http.HttpRequest;
import io.leadflow.api.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Sends email through Mailgun's messages API with the kernel's HTTP client, and turns Mailgun's
 * answers into a {@link SendReceipt} or a {@link ChannelException} that says whether a retry may
 * help.
 */
final class MailgunClient {
    private static final int MAX_MESSAGE_LENGTH = 300;

    private final HttpClient http;
    private final Duration timeout;

    /** A client that waits as long as the kernel's HTTP client allows. */
    MailgunClient(HttpClient http) {
        this(http, null);
    }

    /** A client with its own response timeout (null for the kernel's default). */
    MailgunClient(HttpClient http, Duration timeout) {
        this.http = http;
        this.timeout = timeout;
    }

    /**
     * Sends one message. The stage fails with a {@link ChannelException} when the message is
     * invalid, Mailgun refuses it or cannot be reached.
     */
    CompletionStage<SendReceipt> send(MailgunAccount account, MailgunMessage message) {
        String problem = message.problem();
        if (problem != null) {
            return CompletableFuture.failedFuture(new ChannelException(problem, false, "bad_request"));
        }
        HttpRequest.Builder request = HttpRequest.post(account.messagesUri())
                .basicAuth("api", account.apiKey())
                .header("Accept", "application/json")
                .form(message.formFields());
        if (timeout != null) {
            request.timeout(timeout);
        }
        CompletionStage<HttpResponse> answer;
        try {
            answer = http.send(request.build());
        } catch (RuntimeException e) {
            // a client that throws instead of failing its stage is still "could not get an answer"
            answer = CompletableFuture.failedFuture(e);
        }
        return answer.handle((response, error) -> {
            if (error != null) {
                throw new ChannelException("cannot reach Mailgun: " + Failures.describe(error), true, "unreachable");
            }
            return receipt(account, response);
        });
    }

    private static SendReceipt receipt(MailgunAccount account, HttpResponse response) {
        int status = response.status();
        if (response.successful()) {
            Object id = parse(response).get("id");
            if (!(id instanceof String text) || text.isBlank()) {
                // Mailgun took the message; retrying could send it twice, so this is not retryable
                throw new ChannelException("Mailgun accepted the message but returned no id", false,
                        "unexpected_response");
            }
            return new SendReceipt(text, "queued");
        }
        if (status == 400) {
            throw new ChannelException("Mailgun refused the message: " + mailgunMessage(response), false, "bad_request");
        }
        if (status == 401 || status == 403) {
            throw new ChannelException("Mailgun refused the API key (HTTP " + status + ")", false, "unauthorized");
        }
        if (status == 404) {
            throw new ChannelException("Mailgun does not know the domain " + account.domain(), false,
                    "unknown_domain");
        }
        if (status == 429) {
            String retryAfter = response.header("Retry-After");
            throw new ChannelException("Mailgun's rate limit was reached"
                    + (retryAfter == null ? "" : " (retry after " + retryAfter + " s)"), true, "rate_limited");
        }
        if (status >= 500) {
            throw new ChannelException("Mailgun failed with HTTP " + status, true, "provider_error");
        }
        throw new ChannelException("Mailgun refused the message with HTTP " + status + ": " + mailgunMessage(response),
                false, "rejected");
    }

    /** Mailgun's explanation: the {@code message} of its JSON error body, else the body itself. */
    private static String mailgunMessage(HttpResponse response) {
        Object message = parse(response).get("message");
        String text = message instanceof String string ? string : response.bodyText().strip();
        if (text.isEmpty()) {
            return "no explanation";
        }
        return text.length() > MAX_MESSAGE_LENGTH ? text.substring(0, MAX_MESSAGE_LENGTH) + "..." : text;
    }

    private static Map<String, Object> parse(HttpResponse response) {
        try {
            return Json.parseObject(response.body());
        } catch (IllegalArgumentException e) {
            return Map.of();
        }
    }
}
