package io.leadflow.plugins.whatsapp;

import io.leadflow.api.channel.DeliveryReport;
import io.leadflow.api.channel.InboundMessage;
import io.leadflow.api.channel.Medium;
import io.leadflow.api.channel.WebhookContent;
import io.leadflow.plugins.meta.Json;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of a WhatsApp Cloud API webhook: {@code object: "whatsapp_business_account"},
 * {@code entry[].changes[]} with {@code field: "messages"} and a {@code value} holding
 * {@code metadata.phone_number_id}, {@code contacts[]}, {@code messages[]} and {@code statuses[]}.
 * Changes for another business number of the same account are left out.
 */
final class WhatsAppWebhook {
    private WhatsAppWebhook() {
    }

    static WebhookContent read(Map<String, Object> body, String phoneNumberId, Instant now) {
        WebhookContent.Builder content = WebhookContent.builder();
        if (!"whatsapp_business_account".equals(body.get("object"))) {
            return content.build();
        }
        for (Map<String, Object> entry : Json.objects(body, "entry")) {
            for (Map<String, Object> change : Json.objects(entry, "changes")) {
                Map<String, Object> value = Json.object(change, "value");
                String number = Json.text(Json.object(value, "metadata"), "phone_number_id");
                if (!"messages".equals(change.get("field")) || (number != null && !number.equals(phoneNumberId))) {
                    continue;
                }
                String to = Json.text(Json.object(value, "metadata"), "display_phone_number");
                for (Map<String, Object> message : Json.objects(value, "messages")) {
                    String from = Json.text(message, "from");
                    String id = Json.text(message, "id");
                    if (from == null || id == null) {
                        continue;
                    }
                    Map<String, Object> raw = new LinkedHashMap<>(message);
                    List<Map<String, Object>> contacts = Json.objects(value, "contacts");
                    if (!contacts.isEmpty()) {
                        raw.put("contact", contacts.get(0));
                    }
                    content.message(new InboundMessage(Medium.WHATSAPP, WhatsAppChannel.CHANNEL_ID, e164(from),
                            to == null ? null : e164(to), text(message), id,
                            Json.text(Json.object(message, "context"), "id"), timestamp(message, now), raw));
                }
                for (Map<String, Object> status : Json.objects(value, "statuses")) {
                    String id = Json.text(status, "id");
                    String state = Json.text(status, "status");
                    if (id == null || state == null) {
                        continue;
                    }
                    List<Map<String, Object>> errors = Json.objects(status, "errors");
                    Map<String, Object> error = errors.isEmpty() ? Map.of() : errors.get(0);
                    String explanation = Json.text(error, "message") != null ? Json.text(error, "message")
                            : Json.text(error, "title");
                    String details = Json.text(Json.object(error, "error_data"), "details");
                    content.report(new DeliveryReport(id, state, Json.text(error, "code"),
                            details == null ? explanation : explanation + " - " + details));
                }
            }
        }
        return content.build();
    }

    /** What the lead wrote: a text's body, a button's or list reply's title, a media caption. */
    private static String text(Map<String, Object> message) {
        String type = Json.text(message, "type");
        if (type == null) {
            return "";
        }
        Map<String, Object> part = Json.object(message, type);
        return switch (type) {
            case "text" -> orEmpty(Json.text(part, "body"));
            case "button" -> orEmpty(Json.text(part, "text"));
            case "interactive" -> {
                Map<String, Object> reply = Json.object(part, "button_reply").isEmpty()
                        ? Json.object(part, "list_reply") : Json.object(part, "button_reply");
                yield orEmpty(Json.text(reply, "title"));
            }
            default -> orEmpty(Json.text(part, "caption"));
        };
    }

    private static Instant timestamp(Map<String, Object> message, Instant now) {
        String seconds = Json.text(message, "timestamp");
        try {
            return seconds == null ? now : Instant.ofEpochSecond(Long.parseLong(seconds.trim()));
        } catch (NumberFormatException e) {
            return now;
        }
    }

    private static String e164(String digits) {
        return digits.startsWith("+") ? digits : "+" + digits;
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}
