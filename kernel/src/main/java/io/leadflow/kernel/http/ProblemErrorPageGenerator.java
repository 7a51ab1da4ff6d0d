package io.leadflow.kernel.http;

import org.glassfish.grizzly.http.server.ErrorPageGenerator;
import org.glassfish.grizzly.http.server.Request;

/**
 * Errors Grizzly answers itself (a malformed request line, headers too large) come out as
 * problem+json like every other error, never as Grizzly's HTML page or a stack trace.
 */
public final class ProblemErrorPageGenerator implements ErrorPageGenerator {
    @Override
    public String generate(Request request, int status, String reasonPhrase, String description, Throwable exception) {
        if (request != null && request.getResponse() != null) {
            request.getResponse().setContentType(Problem.MEDIA_TYPE);
        }
        String reason = reasonPhrase == null || reasonPhrase.isBlank() ? "Error" : reasonPhrase;
        String slug = reason.toLowerCase().replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return Problem.json(status, slug.isEmpty() ? "error" : slug, reason,
                status >= 500 ? "the server failed to handle the request" : reason);
    }
}
