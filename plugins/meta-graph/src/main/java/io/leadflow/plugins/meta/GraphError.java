package io.leadflow.plugins.meta;

import java.util.Map;

/**
 * The Graph API's error body, {@code {"error": {"message", "type", "code", "error_subcode",
 * "fbtrace_id", "is_transient", "error_data": {"details"}}}}.
 *
 * @param message Meta's explanation
 * @param type e.g. {@code OAuthException}
 * @param code the error code, 0 when absent
 * @param subcode the subcode, 0 when absent
 * @param details {@code error_data.details} (WhatsApp's longer explanation), or null
 * @param isTransient whether Meta says a retry may succeed
 * @param traceId {@code fbtrace_id}, for Meta's support
 */
public record GraphError(String message, String type, int code, int subcode, String details, boolean isTransient,
                         String traceId) {

    /**
     * Reads an error body.
     *
     * @param body the parsed answer
     * @return the error, with empty fields when the body is not Meta's error shape
     */
    public static GraphError of(Map<String, Object> body) {
        Map<String, Object> error = Json.object(body, "error");
        return new GraphError(Json.text(error, "message"), Json.text(error, "type"), number(error.get("code")),
                number(error.get("error_subcode")), Json.text(Json.object(error, "error_data"), "details"),
                Boolean.TRUE.equals(error.get("is_transient")), Json.text(error, "fbtrace_id"));
    }

    private static int number(Object value) {
        if (value instanceof Number number) {
            return number.intValue();
        }
        if (value instanceof String text) {
            try {
                return Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }
}
