package io.leadflow.kernel.http;

import java.io.IOException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.server.CLStaticHttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

/**
 * Serves the editor's files from the classpath folder {@code leadflow-ui/}. A path without a file
 * extension that names no file is a client-side route and gets {@code index.html}; a missing file
 * (or a reserved path such as {@code /ws} without an upgrade) gets a problem+json 404. HEAD gets
 * GET's status and headers without the body (Grizzly's handler knows GET only).
 */
public final class SpaStaticHandler extends CLStaticHttpHandler {
    static final String ROOT = "/leadflow-ui/";

    private final ClassLoader classLoader;

    public SpaStaticHandler(ClassLoader classLoader) {
        super(classLoader, ROOT);
        this.classLoader = classLoader;
        setFileCacheEnabled(true);
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        if (Method.HEAD.equals(request.getMethod())) {
            head(request, response);
            return;
        }
        super.service(request, response);
    }

    private void head(Request request, Response response) throws IOException {
        String path = request.getRequestURI();
        URL file = path.contains("..") ? null : fileAt(path);
        boolean looksLikeFile = path.substring(path.lastIndexOf('/') + 1).contains(".");
        boolean reserved = path.startsWith("/api/") || path.startsWith("/hooks/") || path.equals("/ws");
        if (file == null && !reserved && !looksLikeFile) {
            file = fileAt("/index.html");
        }
        if (file == null) {
            response.setStatus(404);
            response.setContentType(Problem.MEDIA_TYPE);
            return;
        }
        URLConnection connection = file.openConnection();
        String name = file.getPath();
        String type = org.glassfish.grizzly.http.util.MimeType.get(name.substring(name.lastIndexOf('.') + 1));
        response.setStatus(200);
        if (type != null) {
            response.setContentType(type);
        }
        response.setContentLengthLong(connection.getContentLengthLong());
    }

    private URL fileAt(String path) {
        String name = (path.endsWith("/") ? path + "index.html" : path).substring(1);
        URL url = classLoader.getResource(ROOT.substring(1) + name);
        if (url == null || url.getPath().endsWith("/")) {
            return null;
        }
        // a folder on the classpath is no file
        return url.getProtocol().equals("file") && !new java.io.File(url.getPath()).isFile() ? null : url;
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
