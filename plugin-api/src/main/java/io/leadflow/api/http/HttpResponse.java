package io.leadflow.api.http;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An HTTP response as plain data. Header names are matched without regard to case.
 *
 * @param status the status code
 * @param headers header values by name
 * @param body the body bytes
 */
public record HttpResponse(int status, Map<String, List<String>> headers, byte[] body) {

    /**
     * Copies headers (case-insensitive) and body.
     *
     * @param status the status
     * @param headers the headers
     * @param body the body
     */
    public HttpResponse {
        Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        headers = Collections.unmodifiableMap(copy);
        body = body == null ? new byte[0] : body.clone();
    }

    /** @return a copy of the body */
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

    /** @return whether the status is 2xx */
    public boolean successful() {
        return status >= 200 && status < 300;
    }
}
