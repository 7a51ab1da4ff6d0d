package io.leadflow.kernel.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.glassfish.grizzly.http.server.CLStaticHttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

/**
 * Serves the editor's files from the classpath folder {@code leadflow-ui/}. A path without a file
 * extension that names no file is a client-side route and gets {@code index.html}; a missing file
 * (or a reserved path such as {@code /ws} without an upgrade) gets a problem+json 404.
 */
public final class SpaStaticHandler extends CLStaticHttpHandler {
    static final String ROOT = "/leadflow-ui/";

    public SpaStaticHandler(ClassLoader classLoader) {
        super(classLoader, ROOT);
        setFileCacheEnabled(true);
    }

    @Override
    protected void onMissingResource(Request request, Response response) throws Exception {
        String path = request.getRequestURI();
        boolean reserved = path.startsWith("/api/") || path.startsWith("/hooks/") || path.equals("/ws");
        boolean looksLikeFile = path.substring(path.lastIndexOf('/') + 1).contains(".");
        if (!reserved && !looksLikeFile && handle("/index.html", request, response)) {
            return;
        }
        if (path.equals("/ws")) {
            writeProblem(response, 426, "upgrade-required", "Upgrade required",
                    "/ws is a WebSocket endpoint; connect with a WebSocket client and a bearer token");
            return;
        }
        writeProblem(response, 404, "not-found", "Not found", "no resource at this path");
    }

    static void writeProblem(Response response, int status, String slug, String title, String detail)
            throws IOException {
        byte[] body = Problem.json(status, slug, title, detail).getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType(Problem.MEDIA_TYPE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
