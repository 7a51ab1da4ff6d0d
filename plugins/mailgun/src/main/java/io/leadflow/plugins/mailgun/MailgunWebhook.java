package io.leadflow.plugins.mailgun;

import io.leadflow.api.trigger.WebhookRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A request from Mailgun, in either of its two formats: a JSON event webhook
 * ({@code {"signature": {...}, "event-data": {...}}}) or an inbound route post (form fields,
 * url-encoded or multipart, with {@code timestamp}, {@code token} and {@code signature} among them).
 *
 * @param signature the signed values
 * @param eventData the event of a JSON webhook, or null for an inbound post
 * @param form the fields of an inbound post, or null for a JSON webhook
 */
record MailgunWebhook(WebhookSignature signature, Map<String, Object> eventData, Map<String, List<String>> form) {

    /** @return whether this is an inbound route post (a message), not an event webhook */
    boolean inbound() {
        return form != null;
    }

    /**
     * Reads a request.
     *
     * @throws IllegalArgumentException if the body is neither format
     */
    static MailgunWebhook parse(WebhookRequest request) {
        String contentType = request.header("Content-Type");
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (type.startsWith("application/json") || (type.isEmpty() && request.bodyText().strip().startsWith("{"))) {
            return parseJson(request);
        }
        Map<String, List<String>> form = MultipartForm.matches(type)
                ? MultipartForm.parse(request.body(), contentType)
                : request.formFields();
        WebhookSignature signature = new WebhookSignature(first(form, "timestamp"), first(form, "token"),
                first(form, "signature"));
        return new MailgunWebhook(signature, null, form);
    }

    private static MailgunWebhook parseJson(WebhookRequest request) {
        Map<String, Object> body = Json.parseObject(request.body());
        WebhookSignature signature = null;
        if (body.get("signature") instanceof Map<?, ?> signed) {
            signature = new WebhookSignature(text(signed.get("timestamp")), text(signed.get("token")),
                    text(signed.get("signature")));
        }
        if (!(body.get("event-data") instanceof Map<?, ?> eventData)) {
            throw new IllegalArgumentException("a Mailgun event webhook carries an 'event-data' object");
        }
        return new MailgunWebhook(signature, plainMap(eventData), null);
    }

    /** The first value of a form field, or null. */
    String field(String name) {
        return form == null ? null : first(form, name);
    }

    /** The form as plain JSON values: one value as a string, several as a list. */
    Map<String, Object> formAsJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        if (form != null) {
            form.forEach((name, values) -> json.put(name, values.size() == 1 ? values.get(0) : List.copyOf(values)));
        }
        return json;
    }

    /** The Mailgun event name of a JSON webhook ({@code delivered}, {@code opened}, ...), or inbound. */
    String eventName() {
        if (inbound()) {
            return "inbound";
        }
        Object event = eventData.get("event");
        return event == null ? "" : event.toString();
    }

    /** Leaves the signature out: it is not secret, but it is noise in a log. */
    @Override
    public String toString() {
        return "MailgunWebhook[" + eventName() + "]";
    }

    private static String first(Map<String, List<String>> form, String name) {
        List<String> values = form.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static Map<String, Object> plainMap(Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> copy.put(String.valueOf(key), value));
        return copy;
    }
}
