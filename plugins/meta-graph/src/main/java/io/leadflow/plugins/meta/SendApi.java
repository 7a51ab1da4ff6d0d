package io.leadflow.plugins.meta;

import io.leadflow.api.channel.ChannelException;
import io.leadflow.api.channel.OutboundMessage;
import io.leadflow.api.channel.SendOptions;
import io.leadflow.api.channel.SendReceipt;
import io.leadflow.api.http.HttpClient;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The Send API of Messenger and Instagram: {@code {"recipient": {"id"}, "messaging_type",
 * "message": {"text"}}}, answered {@code {"recipient_id", "message_id"}}. A message tag makes it
 * {@code messaging_type: MESSAGE_TAG} with {@code tag}, the only kind allowed outside the 24-hour
 * window; otherwise it is a {@code RESPONSE} (the kernel has checked the window).
 */
public final class SendApi {
    /** Messenger's and Instagram's limit on a text message. */
    public static final int MAX_TEXT = 2000;

    private SendApi() {
    }

    /**
     * Sends one text message.
     *
     * @param http the kernel's HTTP client
     * @param product the product, for messages
     * @param uri the messages edge
     * @param token the access token
     * @param message the message; {@code to} is the page- or Instagram-scoped id
     * @param options a tag, if any; a template or variables are refused
     * @return the receipt; fails with a {@link ChannelException}
     */
    public static CompletionStage<SendReceipt> send(HttpClient http, String product, URI uri, String token,
                                                    OutboundMessage message, SendOptions options) {
        if (options.template().isPresent() || !options.variables().isEmpty()) {
            return CompletableFuture.failedFuture(new ChannelException(product
                    + " takes message tags, not templates or variables", false, "unsupported_option"));
        }
        String text = message.text();
        if (text == null || text.isBlank()) {
            return CompletableFuture.failedFuture(new ChannelException("a " + product + " message needs a text",
                    false, "bad_request"));
        }
        if (text.length() > MAX_TEXT) {
            return CompletableFuture.failedFuture(new ChannelException("a " + product + " message is at most "
                    + MAX_TEXT + " characters, this one has " + text.length(), false, "bad_request"));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("recipient", Map.of("id", message.to()));
        if (options.tag().isPresent()) {
            body.put("messaging_type", "MESSAGE_TAG");
            body.put("tag", options.tag().get());
        } else {
            body.put("messaging_type", "RESPONSE");
        }
        body.put("message", Map.of("text", text));
        return new GraphClient(http, product).post(uri, token, body).thenApply(answer -> {
            String id = Json.text(answer, "message_id");
            if (id == null || id.isBlank()) {
                // the message was taken; a retry could send it twice
                throw new ChannelException(product + " accepted the message but returned no message_id", false,
                        "unexpected_response");
            }
            return new SendReceipt(id, "sent");
        });
    }
}
