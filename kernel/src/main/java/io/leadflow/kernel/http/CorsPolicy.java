package io.leadflow.kernel.http;

import java.io.IOException;
import java.util.Set;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

/**
 * Which other web origins may call the API from a browser ({@code LEADFLOW_CORS_ORIGINS}, exact
 * {@code scheme://host[:port]} values; none by default, so only the editor we serve ourselves can).
 * Credentials are bearer tokens, never cookies, so no origin is ever allowed credentials.
 */
public final class CorsPolicy {
    static final String ALLOWED_METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE";
    static final String ALLOWED_HEADERS = "Authorization, Content-Type";
    static final String EXPOSED_HEADERS = "Location, Retry-After";

    private final Set<String> allowedOrigins;

    public CorsPolicy(Set<String> allowedOrigins) {
        this.allowedOrigins = Set.copyOf(allowedOrigins);
    }

    /**
     * Adds the CORS headers an allowed origin gets; answers a preflight itself.
     *
     * @return whether the request was a preflight and has been answered
     */
    boolean handle(Request request, Response response) throws IOException {
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return false;
        }
        response.addHeader("Vary", "Origin");
        boolean allowed = allowedOrigins.contains(origin);
        boolean preflight = Method.OPTIONS.equals(request.getMethod())
                && request.getHeader("Access-Control-Request-Method") != null;
        if (allowed) {
            response.setHeader("Access-Control-Allow-Origin", origin);
            response.setHeader("Access-Control-Expose-Headers", EXPOSED_HEADERS);
        }
        if (!preflight) {
            return false;
        }
        if (!allowed) {
            SpaStaticHandler.writeProblem(response, 403, "cors-origin-refused", "Origin not allowed",
                    "this origin may not call the API from a browser; see LEADFLOW_CORS_ORIGINS");
            return true;
        }
        response.setStatus(204);
        response.setHeader("Access-Control-Allow-Methods", ALLOWED_METHODS);
        response.setHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS);
        response.setHeader("Access-Control-Max-Age", "600");
        return true;
    }
}
