package io.leadflow.kernel.http;

import java.io.CharConversionException;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpContainer;

/**
 * The listener's one HTTP handler: {@code /api/*} and channel webhooks go to Jersey, workflow
 * webhooks ({@code /hooks/*}) to their own lean handler, the rest to the editor's static files.
 * It checks that the path decodes first, so a malformed escape ({@code %ZZ}, an encoded NUL) is a
 * 400 problem instead of an empty 500 from Grizzly's mapper. Every response gets the browser
 * security headers; API responses get the CORS policy's.
 */
final class KernelHttpHandler extends HttpHandler {
    private final GrizzlyHttpContainer jersey;
    private final HttpHandler hooks;
    private final SpaStaticHandler files;
    private final BrowserSecurityHeaders securityHeaders;
    private final CorsPolicy cors;

    KernelHttpHandler(GrizzlyHttpContainer jersey, HttpHandler hooks, SpaStaticHandler files,
                      BrowserSecurityHeaders securityHeaders, CorsPolicy cors) {
        this.jersey = jersey;
        this.hooks = hooks;
        this.files = files;
        this.securityHeaders = securityHeaders;
        this.cors = cors;
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        // first, so that every answer below (errors included) carries them
        securityHeaders.apply(request, response);
        String path;
        try {
            // encoded slashes stay allowed: in an API path segment they are just data
            path = request.getRequest().getRequestURIRef().getDecodedURI(true);
        } catch (CharConversionException | IllegalArgumentException e) {
            SpaStaticHandler.writeProblem(response, 400, "invalid-path", "Invalid path",
                    "the request path is not a valid URL-encoded path");
            return;
        }
        if (path.startsWith("/api/") && cors.handle(request, response)) {
            return;
        }
        if (path.startsWith("/hooks/") && !path.startsWith("/hooks/channels/")) {
            hooks.service(request, response);
            return;
        }
        if (path.startsWith("/api/") || path.startsWith("/hooks/")) {
            try {
                jersey.service(request, response);
            } catch (IllegalArgumentException e) {
                if (!response.isCommitted()) {
                    response.reset();
                    SpaStaticHandler.writeProblem(response, 400, "invalid-path", "Invalid path",
                            "the request URI is not valid");
                }
            }
            return;
        }
        files.service(request, response);
    }

    @Override
    public void start() {
        jersey.start();
        files.start();
    }

    @Override
    public void destroy() {
        jersey.destroy();
        files.destroy();
    }
}
