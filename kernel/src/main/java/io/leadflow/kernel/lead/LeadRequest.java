package io.leadflow.kernel.lead;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadflow.kernel.http.ProblemException;
import io.leadflow.kernel.http.TextInput;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A create or patch body, validated and normalised, remembering which members were present (a
 * patch changes only those; {@code null} clears a field). Every rejection is a 422 naming the
 * member by JSON pointer, e.g. {@code /phones/1}; values are never echoed, they may be personal.
 * Every text goes through {@link TextInput} (NFC, no control characters, bounded) before it is
 * trimmed, compared or blind-indexed.
 */
final class LeadRequest {
    static final String MERGE_KEEP = "keep";
    static final String MERGE_OVERWRITE = "overwrite";
    static final List<String> STATUSES = List.of("new", "contacted", "qualified", "won", "lost");

    private static final int MAX_TEXT = 200;
    private static final int MAX_CONTACTS = 20;
    private static final int MAX_TAGS = 50;
    private static final int MAX_TAG = 100;
    private static final int MAX_CONTACT = 254;
    private static final int MAX_CUSTOM_TEXT = 10_000;
    private static final int MAX_CUSTOM_FIELDS_BYTES = 64 * 1024;
    private static final Set<String> MEMBERS = Set.of("firstName", "lastName", "company", "emails", "phones",
            "source", "status", "tags", "owner", "customFields", "consent", "merge");

    final Set<String> present = new LinkedHashSet<>();
    String firstName;
    String lastName;
    String company;
    List<String> emails = List.of();
    List<String> phones = List.of();
    String source;
    String status;
    List<String> tags = List.of();
    UUID owner;
    Map<String, Object> customFields;
    /** Channel to consent; a patch's {@code null} for a channel resets it to unknown. */
    Map<String, Consent> consent = Map.of();
    String merge = MERGE_KEEP;

    private LeadRequest() {
    }

    static LeadRequest parse(JsonNode body, boolean create, ContactNormalizer contacts, ObjectMapper json,
                             Instant now) {
        if (body == null || !body.isObject()) {
            throw ProblemException.badRequest("a JSON object with the lead's fields is required");
        }
        LeadRequest request = new LeadRequest();
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!MEMBERS.contains(name) || (!create && "merge".equals(name))) {
                throw ProblemException.invalidField("/" + name.replace("~", "~0").replace("/", "~1"),
                        "unknown field '" + name + "'");
            }
            request.present.add(name);
        }
        request.firstName = text(body, "firstName", MAX_TEXT);
        request.lastName = text(body, "lastName", MAX_TEXT);
        request.company = text(body, "company", MAX_TEXT);
        request.source = text(body, "source", MAX_TEXT);
        request.emails = contacts(body, "emails", "an email address", contacts::email);
        request.phones = contacts(body, "phones", "a valid phone number (E.164 such as +12025550143, or national "
                + "in the default region)", contacts::phone);
        request.tags = tags(body);
        String status = text(body, "status", MAX_TEXT);
        if (status != null && !STATUSES.contains(status)) {
            throw ProblemException.invalidField("/status", "status must be one of " + STATUSES);
        }
        if (status == null && body.has("status") && !create) {
            throw ProblemException.invalidField("/status", "status cannot be cleared; use one of " + STATUSES);
        }
        request.status = status;
        String owner = text(body, "owner", MAX_TEXT);
        if (owner != null) {
            try {
                request.owner = UUID.fromString(owner);
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalidField("/owner", "owner must be a user id (a UUID)");
            }
        }
        request.customFields = customFields(body, json);
        request.consent = consent(body, now, create);
        String merge = text(body, "merge", MAX_TEXT);
        if (merge != null && !MERGE_KEEP.equals(merge) && !MERGE_OVERWRITE.equals(merge)) {
            throw ProblemException.invalidField("/merge", "merge must be 'keep' (existing values win) or 'overwrite'");
        }
        request.merge = merge == null ? MERGE_KEEP : merge;
        return request;
    }

    boolean has(String member) {
        return present.contains(member);
    }

    private static String text(JsonNode body, String member, int max) {
        return text(body, member, max, "");
    }

    private static String text(JsonNode body, String member, int max, String parent) {
        JsonNode node = body.get(member);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw ProblemException.invalidField(parent + "/" + member, member + " must be a string");
        }
        String value = TextInput.line(parent + "/" + member, node.asText(), max).trim();
        return value.isEmpty() ? null : value;
    }

    private static List<String> contacts(JsonNode body, String member, String expected,
                                         java.util.function.Function<String, java.util.Optional<String>> normalise) {
        JsonNode node = body.get(member);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw ProblemException.invalidField("/" + member, member + " must be an array of strings");
        }
        if (node.size() > MAX_CONTACTS) {
            throw ProblemException.invalidField("/" + member, "at most " + MAX_CONTACTS + " " + member);
        }
        Set<String> values = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            String pointer = "/" + member + "/" + i;
            if (!item.isTextual()) {
                throw ProblemException.invalidField(pointer, "each entry of " + member + " must be a string");
            }
            int index = i;
            String clean = TextInput.line(pointer, item.asText(), MAX_CONTACT);
            values.add(normalise.apply(clean).orElseThrow(() -> ProblemException.invalidField(pointer,
                    "entry " + index + " of " + member + " is not " + expected)));
        }
        return List.copyOf(values);
    }

    private static List<String> tags(JsonNode body) {
        JsonNode node = body.get("tags");
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw ProblemException.invalidField("/tags", "tags must be an array of strings");
        }
        if (node.size() > MAX_TAGS) {
            throw ProblemException.invalidField("/tags", "at most " + MAX_TAGS + " tags");
        }
        Set<String> tags = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            String tag = item.isTextual() ? TextInput.line("/tags/" + i, item.asText(), MAX_TAG).trim() : "";
            if (tag.isEmpty() || tag.length() > MAX_TAG) {
                throw ProblemException.invalidField("/tags/" + i, "a tag is a non-empty string of at most "
                        + MAX_TAG + " characters");
            }
            tags.add(tag);
        }
        return List.copyOf(tags);
    }

    private static Map<String, Object> customFields(JsonNode body, ObjectMapper json) {
        JsonNode node = body.get("customFields");
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw ProblemException.invalidField("/customFields", "customFields must be an object");
        }
        try {
            if (json.writeValueAsBytes(node).length > MAX_CUSTOM_FIELDS_BYTES) {
                throw ProblemException.invalidField("/customFields", "customFields must be at most "
                        + MAX_CUSTOM_FIELDS_BYTES + " bytes of JSON");
            }
            Map<String, Object> fields = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String pointer = "/customFields/" + field.getKey().replace("~", "~0").replace("/", "~1");
                fields.put(TextInput.line(pointer, field.getKey(), MAX_TEXT), cleanTexts(pointer,
                        json.treeToValue(field.getValue(), Object.class)));
            }
            return fields;
        } catch (JsonProcessingException e) {
            throw ProblemException.invalidField("/customFields", "customFields must be plain JSON");
        }
    }

    /** A custom field's value with every string in it checked; notes may span lines. */
    private static Object cleanTexts(String pointer, Object value) {
        if (value instanceof String text) {
            return TextInput.text(pointer, text, MAX_CUSTOM_TEXT);
        }
        if (value instanceof List<?> list) {
            List<Object> cleaned = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                cleaned.add(cleanTexts(pointer + "/" + i, list.get(i)));
            }
            return cleaned;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> cleaned = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = String.valueOf(entry.getKey());
                String child = pointer + "/" + key.replace("~", "~0").replace("/", "~1");
                cleaned.put(TextInput.line(child, key, MAX_TEXT), cleanTexts(child, entry.getValue()));
            }
            return cleaned;
        }
        return value;
    }

    private static Map<String, Consent> consent(JsonNode body, Instant now, boolean create) {
        JsonNode node = body.get("consent");
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw ProblemException.invalidField("/consent", "consent must be an object of channel to consent");
        }
        Map<String, Consent> consent = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String channel = entry.getKey();
            String pointer = "/consent/" + channel.replace("~", "~0").replace("/", "~1");
            if (!Consent.CHANNELS.contains(channel)) {
                throw ProblemException.invalidField(pointer, "unknown channel; one of " + Consent.CHANNELS);
            }
            JsonNode value = entry.getValue();
            if (value.isNull() && !create) {
                consent.put(channel, null);
                continue;
            }
            if (!value.isObject()) {
                throw ProblemException.invalidField(pointer, "consent of a channel is {state, at, source}");
            }
            for (Iterator<String> names = value.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!List.of("state", "at", "source").contains(name)) {
                    throw ProblemException.invalidField(pointer + "/" + name.replace("~", "~0").replace("/", "~1"),
                            "unknown field '" + name + "'");
                }
            }
            String state = text(value, "state", MAX_TEXT, pointer);
            if (state == null || !Consent.STATES.contains(state)) {
                throw ProblemException.invalidField(pointer + "/state", "state must be one of " + Consent.STATES);
            }
            String atText = text(value, "at", MAX_TEXT, pointer);
            Instant at = now;
            if (atText != null) {
                try {
                    at = Instant.parse(atText);
                } catch (DateTimeParseException e) {
                    throw ProblemException.invalidField(pointer + "/at", "at must be an ISO-8601 instant such as "
                            + "2026-01-31T12:00:00Z");
                }
            }
            consent.put(channel, new Consent(state, at, text(value, "source", MAX_TEXT, pointer)));
        }
        return consent;
    }

    /** Names of the lead's fields this request sets, for the audit trail (never values). */
    List<String> fieldNames() {
        List<String> names = new ArrayList<>(present);
        names.remove("merge");
        return names;
    }
}
