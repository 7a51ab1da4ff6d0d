package io.leadflow.kernel.http;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/** An RFC 9457 problem body and the response that carries it. */
public final class Problem {
    public static final String MEDIA_TYPE = "application/problem+json";
    public static final MediaType MEDIA = MediaType.valueOf(MEDIA_TYPE);
    static final String TYPE_PREFIX = "urn:leadflow:problem:";

    private Problem() {
    }

    /** The body's members in their conventional order; extensions follow. */
    public static Map<String, Object> body(int status, String slug, String title, String detail,
                                           Map<String, Object> extensions) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_PREFIX + slug);
        body.put("title", title);
        body.put("status", status);
        if (detail != null) {
            body.put("detail", detail);
        }
        extensions.forEach(body::putIfAbsent);
        return body;
    }

    static Response response(ProblemException problem) {
        Response.ResponseBuilder builder = Response.status(problem.status())
                .type(MEDIA)
                .entity(body(problem.status(), problem.slug(), problem.title(), problem.getMessage(),
                        problem.extensions()));
        problem.headers().forEach(builder::header);
        return builder.build();
    }

    /** The body of a problem as JSON bytes, for handlers outside Jersey. */
    public static byte[] bytes(ProblemException problem) {
        try {
            return Json.mapper().writeValueAsBytes(body(problem.status(), problem.slug(), problem.title(),
                    problem.getMessage(), problem.extensions()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a problem body always serialises", e);
        }
    }

    /** A standalone JSON text for places outside Jersey (Grizzly error pages, the static handler). */
    static String json(int status, String slug, String title, String detail) {
        try {
            return Json.mapper().writeValueAsString(body(status, slug, title, detail, Map.of()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serialises", e);
        }
    }
}
