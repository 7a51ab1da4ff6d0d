package io.leadflow.api.trigger;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An inbound HTTP request to {@code /hooks/...}, exactly as received (the raw body is kept so a
 * signature over it can be checked). Header names are matched without regard to case.
 *
 * @param method the HTTP method
 * @param path the path below {@code /hooks/}
 * @param query query parameters
 * @param headers header values by name
 * @param body the raw body
 * @param remoteAddress the client's address
 * @param receivedAt when the kernel received it
 */
public record WebhookRequest(String method, String path, Map<String, List<String>> query,
                             Map<String, List<String>> headers, byte[] body, String remoteAddress,
                             Instant receivedAt) {

    /**
     * Copies everything.
     *
     * @param method the method
     * @param path the path
     * @param query the query parameters
     * @param headers the headers
     * @param body the body
     * @param remoteAddress the client address
     * @param receivedAt the receive time
     */
    public WebhookRequest {
        query = copy(query, new LinkedHashMap<>());
        headers = copy(headers, new TreeMap<>(String.CASE_INSENSITIVE_ORDER));
        body = body == null ? new byte[0] : body.clone();
    }

    private static Map<String, List<String>> copy(Map<String, List<String>> source, Map<String, List<String>> target) {
        if (source != null) {
            source.forEach((name, values) -> target.put(name, List.copyOf(values)));
        }
        return Collections.unmodifiableMap(target);
    }

    /** @return a copy of the raw body */
    @Override
    public byte[] body() {
        return body.clone();
    }

    /** @return the body decoded as UTF-8 */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * The first value of a header.
     *
     * @param name the header name, any case
     * @return the value, or null
     */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /**
     * The body parsed as {@code application/x-www-form-urlencoded} fields.
     *
     * @return field values by name, in order
     */
    public Map<String, List<String>> formFields() {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        String text = bodyText();
        if (text.isEmpty()) {
            return fields;
        }
        for (String pair : text.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            fields.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return fields;
    }
}
