package io.leadflow.api.http;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * An HTTP request as plain data.
 *
 * <pre>{@code
 * HttpRequest.post(URI.create(base + "/v3/" + domain + "/messages"))
 *     .basicAuth("api", apiKey)
 *     .form(Map.of("to", List.of(to), "subject", List.of(subject)))
 *     .build();
 * }</pre>
 */
public final class HttpRequest {
    private final String method;
    private final URI uri;
    private final Map<String, List<String>> headers;
    private final byte[] body;
    private final Duration timeout;

    private HttpRequest(Builder builder) {
        this.method = builder.method;
        this.uri = builder.uri;
        Map<String, List<String>> copy = new LinkedHashMap<>();
        builder.headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        this.headers = Collections.unmodifiableMap(copy);
        this.body = builder.body == null ? new byte[0] : builder.body.clone();
        this.timeout = builder.timeout;
    }

    /**
     * Starts a request.
     *
     * @param method the HTTP method
     * @param uri the absolute URI
     * @return a builder
     */
    public static Builder builder(String method, URI uri) {
        return new Builder(method, uri);
    }

    /**
     * Starts a GET.
     *
     * @param uri the absolute URI
     * @return a builder
     */
    public static Builder get(URI uri) {
        return new Builder("GET", uri);
    }

    /**
     * Starts a POST.
     *
     * @param uri the absolute URI
     * @return a builder
     */
    public static Builder post(URI uri) {
        return new Builder("POST", uri);
    }

    /** @return the method */
    public String method() {
        return method;
    }

    /** @return the absolute URI */
    public URI uri() {
        return uri;
    }

    /** @return header values by name, as given */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** @return a copy of the body (empty if none) */
    public byte[] body() {
        return body.clone();
    }

    /** @return how long to wait for the whole response, or null for the kernel's default */
    public Duration timeout() {
        return timeout;
    }

    /** Builds an {@link HttpRequest}. */
    public static final class Builder {
        private final String method;
        private final URI uri;
        private final Map<String, List<String>> headers = new LinkedHashMap<>();
        private byte[] body;
        private Duration timeout;

        private Builder(String method, URI uri) {
            this.method = Objects.requireNonNull(method, "method").toUpperCase(java.util.Locale.ROOT);
            this.uri = Objects.requireNonNull(uri, "uri");
            if (!uri.isAbsolute()) {
                throw new IllegalArgumentException("the URI must be absolute: " + uri);
            }
        }

        /**
         * Adds a header value.
         *
         * @param name the header name
         * @param value the value
         * @return this builder
         */
        public Builder header(String name, String value) {
            headers.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            return this;
        }

        /**
         * Adds {@code Authorization: Basic ...}.
         *
         * @param user the user name
         * @param password the password
         * @return this builder
         */
        public Builder basicAuth(String user, String password) {
            String pair = user + ":" + password;
            return header("Authorization",
                    "Basic " + java.util.Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }

        /**
         * Sets the body.
         *
         * @param contentType the Content-Type
         * @param bytes the body
         * @return this builder
         */
        public Builder body(String contentType, byte[] bytes) {
            headers.remove("Content-Type");
            header("Content-Type", contentType);
            this.body = bytes.clone();
            return this;
        }

        /**
         * Sets a JSON body.
         *
         * @param json the JSON text
         * @return this builder
         */
        public Builder json(String json) {
            return body("application/json", json.getBytes(StandardCharsets.UTF_8));
        }

        /**
         * Sets an {@code application/x-www-form-urlencoded} body; a field may repeat.
         *
         * @param fields the fields, in order
         * @return this builder
         */
        public Builder form(Map<String, List<String>> fields) {
            StringJoiner encoded = new StringJoiner("&");
            fields.forEach((name, values) -> values.forEach(value -> encoded.add(
                    URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                            + URLEncoder.encode(value, StandardCharsets.UTF_8))));
            return body("application/x-www-form-urlencoded", encoded.toString().getBytes(StandardCharsets.UTF_8));
        }

        /**
         * Sets how long to wait for the response.
         *
         * @param timeout the timeout
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /**
         * Builds the request.
         *
         * @return the request
         */
        public HttpRequest build() {
            return new HttpRequest(this);
        }
    }
}
