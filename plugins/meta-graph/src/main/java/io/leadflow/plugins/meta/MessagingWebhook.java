package io.leadflow.plugins.meta;

import io.leadflow.api.channel.DeliveryReport;
import io.leadflow.api.channel.InboundMessage;
import io.leadflow.api.channel.Medium;
import io.leadflow.api.channel.WebhookContent;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The messaging webhook of Messenger ({@code object: "page"}) and Instagram
 * ({@code object: "instagram"}): {@code entry[].messaging[]} events with {@code sender.id},
 * {@code recipient.id}, {@code timestamp} (milliseconds) and one of {@code message} ({@code mid},
 * {@code text}, {@code is_echo} for the page's own messages, which are ignored), {@code delivery}
 * ({@code mids[]}) or {@code read} ({@code mid} on Instagram).
 */
public final class MessagingWebhook {
    private MessagingWebhook() {
    }

    /**
     * Reads a verified body.
     *
     * @param body the parsed body
     * @param object the {@code object} it must carry ({@code page} or {@code instagram})
     * @param medium the medium of the messages
     * @param channelId the channel they arrive through
     * @param accountId the page or Instagram account the credential is for: entries of another are
     *                  left out; null to take every entry
     * @param now the receive time, for events without a timestamp
     * @return the messages and delivery reports; nothing for another object
     */
    public static WebhookContent read(Map<String, Object> body, String object, Medium medium, String channelId,
                                      String accountId, Instant now) {
        WebhookContent.Builder content = WebhookContent.builder();
        if (!object.equals(body.get("object"))) {
            return content.build();
        }
        for (Map<String, Object> entry : Json.objects(body, "entry")) {
            if (accountId != null && Json.text(entry, "id") != null && !accountId.equals(Json.text(entry, "id"))) {
                continue;
            }
            for (Map<String, Object> event : Json.objects(entry, "messaging")) {
                String sender = Json.text(Json.object(event, "sender"), "id");
                String recipient = Json.text(Json.object(event, "recipient"), "id");
                Map<String, Object> message = Json.object(event, "message");
                if (!message.isEmpty()) {
                    String mid = Json.text(message, "mid");
                    if (Boolean.TRUE.equals(message.get("is_echo")) || Boolean.TRUE.equals(message.get("is_deleted"))
                            || sender == null || mid == null) {
                        continue;
                    }
                    String text = Json.text(message, "text");
                    content.message(new InboundMessage(medium, channelId, sender, recipient, text, mid,
                            Json.text(Json.object(message, "reply_to"), "mid"), timestamp(event, now),
                            new LinkedHashMap<>(event)));
                    continue;
                }
                Map<String, Object> delivery = Json.object(event, "delivery");
                if (delivery.get("mids") instanceof List<?> mids) {
                    mids.stream().filter(String.class::isInstance)
                            .forEach(mid -> content.report(new DeliveryReport((String) mid, "delivered", null, null)));
                }
                String read = Json.text(Json.object(event, "read"), "mid");
                if (read != null) {
                    content.report(new DeliveryReport(read, "read", null, null));
                }
            }
        }
        return content.build();
    }

    private static Instant timestamp(Map<String, Object> event, Instant now) {
        return event.get("timestamp") instanceof Number millis ? Instant.ofEpochMilli(millis.longValue()) : now;
    }
}
