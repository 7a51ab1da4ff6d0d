package io.leadflow.kernel.http;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A failure the caller should see as an RFC 9457 problem: an HTTP status, a stable type slug
 * ({@code urn:leadflow:problem:<slug>}), a short title and a precise detail. Features throw it;
 * {@link ProblemExceptionMapper} alone turns it into a response.
 */
public class ProblemException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String slug;
    private final String title;
    private final transient Map<String, Object> extensions;
    private final transient Map<String, String> headers;

    public ProblemException(int status, String slug, String title, String detail) {
        this(status, slug, title, detail, Map.of(), Map.of());
    }

    private ProblemException(int status, String slug, String title, String detail,
                             Map<String, Object> extensions, Map<String, String> headers) {
        super(detail, null, false, false);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.extensions = Map.copyOf(extensions);
        this.headers = Map.copyOf(headers);
    }

    /** A copy carrying an extra member in the problem body (e.g. the offending field). */
    public ProblemException with(String member, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(extensions);
        copy.put(member, value);
        return new ProblemException(status, slug, title, getMessage(), copy, headers);
    }

    /** A copy carrying an extra response header (e.g. Retry-After). */
    public ProblemException withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new ProblemException(status, slug, title, getMessage(), extensions, copy);
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, "bad-request", "Bad request", detail);
    }

    public static ProblemException invalidParameter(String parameter, String detail) {
        return new ProblemException(400, "invalid-parameter", "Invalid parameter", detail)
                .with("parameter", parameter);
    }

    /** The body is well-formed JSON but a field's value is not acceptable. */
    public static ProblemException invalidField(String pointer, String detail) {
        return new ProblemException(422, "validation-failed", "Validation failed", detail)
                .with("errors", List.of(Map.of("pointer", pointer, "detail", detail)));
    }

    /** Several fields are wrong at once; each entry has a {@code pointer} and a {@code detail}. */
    public static ProblemException violations(List<Map<String, String>> errors) {
        String first = errors.isEmpty() ? "invalid" : errors.get(0).get("pointer") + ": " + errors.get(0).get("detail");
        return new ProblemException(422, "validation-failed", "Validation failed",
                errors.size() == 1 ? first : errors.size() + " problems, first " + first).with("errors", errors);
    }

    public static ProblemException unauthorized(String detail) {
        return new ProblemException(401, "unauthorized", "Authentication required", detail)
                .withHeader("WWW-Authenticate", "Bearer realm=\"leadflow\"");
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, "forbidden", "Forbidden", detail);
    }

    public static ProblemException notFound(String what, String id) {
        return new ProblemException(404, "not-found", "Not found", what + " '" + id + "' does not exist");
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(409, "conflict", "Conflict", detail);
    }

    public static ProblemException payloadTooLarge(long limitBytes) {
        return new ProblemException(413, "payload-too-large", "Request body too large",
                "the request body exceeds the limit of " + limitBytes + " bytes").with("limitBytes", limitBytes);
    }

    public static ProblemException rateLimited(String scope, Duration retryAfter) {
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        return new ProblemException(429, "rate-limited", "Too many requests",
                "the " + scope + " rate limit is exhausted; retry in " + seconds + " s")
                .with("retryAfterSeconds", seconds)
                .withHeader("Retry-After", Long.toString(seconds));
    }

    public int status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public Map<String, Object> extensions() {
        return extensions;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
