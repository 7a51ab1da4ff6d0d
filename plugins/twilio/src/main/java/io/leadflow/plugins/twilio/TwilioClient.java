package io.leadflow.plugins.twilio;

import io.leadflow.api.channel.ChannelException;
import io.leadflow.api.channel.SendReceipt;
import io.leadflow.api.http.HttpClient;
import io.leadflow.api.http.HttpRequest;
import io.leadflow.api.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Sends SMS with Twilio's Messages API through the kernel's HTTP client, and turns Twilio's answers
 * ({@code 201} with {@code sid}, or an error body {@code {code, message, more_info, status}}) into a
 * {@link SendReceipt} or a {@link ChannelException} that says whether a retry may help.
 */
final class TwilioClient {
    /** The code the kernel reads as "the recipient opted out of this channel": it records the opt-out. */
    static final String OPTED_OUT = "recipient_opted_out";

    private static final int MAX_MESSAGE_LENGTH = 300;
    private static final int UNSUBSCRIBED = 21610;
    private static final int TOO_MANY_REQUESTS = 20429;
    private static final int AUTHENTICATE = 20003;

    private final HttpClient http;

    TwilioClient(HttpClient http) {
        this.http = http;
    }

    /** Sends one SMS; the stage fails with a {@link ChannelException}. */
    CompletionStage<SendReceipt> send(TwilioAccount account, String to, String body) {
        if (account.from() == null && account.messagingServiceSid() == null) {
            return CompletableFuture.failedFuture(new ChannelException(
                    "the Twilio credential has neither a From number nor a messaging service", false, "no_sender"));
        }
        if (body == null || body.isBlank()) {
            return CompletableFuture.failedFuture(new ChannelException("an SMS needs a body", false, "bad_request"));
        }
        Map<String, List<String>> form = new LinkedHashMap<>();
        form.put("To", List.of(to));
        if (account.messagingServiceSid() != null) {
            form.put("MessagingServiceSid", List.of(account.messagingServiceSid()));
        } else {
            form.put("From", List.of(account.from()));
        }
        form.put("Body", List.of(body));
        if (account.webhookUrl() != null) {
            form.put("StatusCallback", List.of(account.webhookUrl()));
        }
        HttpRequest request = HttpRequest.post(account.messagesUri())
                .basicAuth(account.accountSid(), account.authToken())
                .header("Accept", "application/json")
                .form(form)
                .build();
        CompletionStage<HttpResponse> answer;
        try {
            answer = http.send(request);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        return answer.handle((response, error) -> {
            if (error != null) {
                throw new ChannelException("cannot reach Twilio: " + Failures.describe(error), true, "unreachable");
            }
            return receipt(response);
        });
    }

    private static SendReceipt receipt(HttpResponse response) {
        Map<String, Object> body = Json.objectOrEmpty(response.body());
        if (response.successful()) {
            if (!(body.get("sid") instanceof String sid) || sid.isBlank()) {
                // Twilio took the message; a retry could send it twice
                throw new ChannelException("Twilio accepted the message but returned no sid", false,
                        "unexpected_response");
            }
            Object status = body.get("status");
            return new SendReceipt(sid, status instanceof String text ? text : "queued");
        }
        int status = response.status();
        int code = body.get("code") instanceof Number number ? number.intValue() : 0;
        String explained = explanation(body, response) + (code == 0 ? "" : " (Twilio error " + code + ")");
        if (code == UNSUBSCRIBED) {
            throw new ChannelException("the recipient has unsubscribed from SMS (replied STOP): " + explained, false,
                    OPTED_OUT);
        }
        if (status == 429 || code == TOO_MANY_REQUESTS) {
            throw new ChannelException("Twilio's rate limit was reached: " + explained, true, "rate_limited");
        }
        if (status == 401 || status == 403 || code == AUTHENTICATE) {
            throw new ChannelException("Twilio refused the account SID or auth token: " + explained, false,
                    "unauthorized");
        }
        if (status >= 500) {
            throw new ChannelException("Twilio failed with HTTP " + status + ": " + explained, true, "provider_error");
        }
        throw new ChannelException("Twilio refused the message with HTTP " + status + ": " + explained, false,
                "rejected");
    }

    private static String explanation(Map<String, Object> body, HttpResponse response) {
        String text = body.get("message") instanceof String message ? message : response.bodyText().strip();
        if (text.isEmpty()) {
            return "no explanation";
        }
        return text.length() > MAX_MESSAGE_LENGTH ? text.substring(0, MAX_MESSAGE_LENGTH) + "..." : text;
    }
}
