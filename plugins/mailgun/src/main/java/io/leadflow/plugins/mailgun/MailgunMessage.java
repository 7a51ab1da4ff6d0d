package io.leadflow.plugins.mailgun;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One email as Mailgun's messages API takes it.
 *
 * @param from the sender
 * @param to the recipients, one {@code to} field each
 * @param subject the subject, or null
 * @param text the plain-text body, or null
 * @param html the HTML body, or null
 * @param tags Mailgun tags ({@code o:tag}), at most {@link #MAX_TAGS}
 * @param trackOpens whether to track opens, or null for the domain's setting
 * @param trackClicks whether to track clicks, or null for the domain's setting
 * @param variables user variables ({@code v:<name>}), echoed back in every event of the message
 * @param idempotencyKey stable across retries, sent as a header, or null
 */
record MailgunMessage(String from, List<String> to, String subject, String text, String html, List<String> tags,
                      Boolean trackOpens, Boolean trackClicks, Map<String, String> variables,
                      String idempotencyKey) {

    /** Mailgun keeps at most three tags per message. */
    static final int MAX_TAGS = 3;

    MailgunMessage {
        to = to == null ? List.of() : List.copyOf(to);
        tags = tags == null ? List.of() : List.copyOf(tags);
        variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables == null ? Map.of() : variables));
    }

    /**
     * What is wrong with the message before Mailgun sees it.
     *
     * @return the problem, or null if it may be sent
     */
    String problem() {
        if (from == null || from.isBlank()) {
            return "no sender: set 'from' or the credential's default sender";
        }
        if (to.isEmpty() || to.stream().anyMatch(address -> address == null || address.isBlank())) {
            return "no recipient";
        }
        if (isBlank(text) && isBlank(html)) {
            return "the message needs a text or an HTML body";
        }
        if (tags.size() > MAX_TAGS) {
            return "Mailgun accepts at most " + MAX_TAGS + " tags per message, got " + tags.size();
        }
        if (variables.keySet().stream().anyMatch(name -> name == null || name.isBlank())) {
            return "a user variable has no name";
        }
        return null;
    }

    /** The form fields of Mailgun's messages API, in a stable order. */
    Map<String, List<String>> formFields() {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        fields.put("from", List.of(from));
        fields.put("to", to);
        putIfPresent(fields, "subject", subject);
        putIfPresent(fields, "text", text);
        putIfPresent(fields, "html", html);
        if (!tags.isEmpty()) {
            fields.put("o:tag", tags);
        }
        if (trackOpens != null) {
            fields.put("o:tracking-opens", List.of(trackOpens ? "yes" : "no"));
        }
        if (trackClicks != null) {
            fields.put("o:tracking-clicks", List.of(trackClicks ? "yes" : "no"));
        }
        putIfPresent(fields, "h:X-LeadFlow-Idempotency-Key", idempotencyKey);
        variables.forEach((name, value) -> fields.put("v:" + name, List.of(value == null ? "" : value)));
        return fields;
    }

    private static void putIfPresent(Map<String, List<String>> fields, String name, String value) {
        if (value != null && !value.isEmpty()) {
            fields.put(name, List.of(value));
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
