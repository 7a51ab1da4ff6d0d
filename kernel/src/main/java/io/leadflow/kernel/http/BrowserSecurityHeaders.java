package io.leadflow.kernel.http;

import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

/**
 * The headers every response carries so that a browser limits what a page of ours, or a page
 * framing ours, may do: a strict Content-Security-Policy (scripts only from our own files, no
 * inline script, connections only back to us — {@code 'self'} covers our own {@code ws:}/{@code wss:}
 * in CSP 3 browsers —, no framing), {@code nosniff}, no referrer, and HSTS when the request came
 * over TLS (directly, or through a trusted proxy that says so in {@code X-Forwarded-Proto}).
 */
public final class BrowserSecurityHeaders {
    /**
     * Inline styles stay allowed: Svelte and Svelte Flow position nodes through style attributes,
     * and a style cannot run code; scripts are the XSS vector and have no such exception.
     */
    public static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'");
    static final String STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains";

    private final boolean trustProxy;

    public BrowserSecurityHeaders(boolean trustProxy) {
        this.trustProxy = trustProxy;
    }

    void apply(Request request, Response response) {
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        // for browsers that predate frame-ancestors
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("Cross-Origin-Opener-Policy", "same-origin");
        response.setHeader("Cross-Origin-Resource-Policy", "same-origin");
        response.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
        if (overTls(request)) {
            response.setHeader("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
        }
    }

    private boolean overTls(Request request) {
        if (request.isSecure()) {
            return true;
        }
        String forwardedProto = request.getHeader("X-Forwarded-Proto");
        return trustProxy && forwardedProto != null
                && forwardedProto.split(",")[0].trim().equalsIgnoreCase("https");
    }
}
