package io.leadflow.plugins.mailgun;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for Mailgun's API on 127.0.0.1: it checks what the real API checks (basic auth
 * {@code api:<key>}, the domain in the path, a form body with from, to and a body) and answers
 * with Mailgun's status codes and bodies. Tests can script the next answers (429, 500, a slow one).
 */
final class FakeMailgun implements AutoCloseable {
    static final String DOMAIN = "mg.example.com";
    static final String API_KEY = "key-3ax6xnjp29jd6fds4gc373sgvjxteol0";

    private static final Pattern MESSAGES = Pattern.compile("/v3/([^/]+)/messages");
    private static final Pattern DOMAINS = Pattern.compile("/v3/domains/([^/]+)");

    /** A request as the fake received it. */
    record Received(String method, String path, Map<String, List<String>> headers, String body,
                    Map<String, List<String>> form) {
        String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        List<String> field(String name) {
            return form.getOrDefault(name, List.of());
        }
    }

    private record Answer(int status, String contentType, String body, Map<String, String> headers, Duration delay) {
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final AtomicInteger sequence = new AtomicInteger();

    private FakeMailgun() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "fake-mailgun");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    static FakeMailgun start() throws IOException {
        return new FakeMailgun();
    }

    /** The base URL to put in the credential's {@code baseUrl}. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers the next request with this, whatever it is. */
    FakeMailgun answerNext(int status, String contentType, String body) {
        script.add(new Answer(status, contentType, body, Map.of(), Duration.ZERO));
        return this;
    }

    /** Answers the next request with this status and extra headers. */
    FakeMailgun answerNext(int status, String contentType, String body, Map<String, String> headers) {
        script.add(new Answer(status, contentType, body, headers, Duration.ZERO));
        return this;
    }

    /** Answers the next request correctly, but only after {@code delay}. */
    FakeMailgun answerSlowlyNext(Duration delay) {
        script.add(new Answer(0, null, null, Map.of(), delay));
        return this;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    Received last() {
        if (received.isEmpty()) {
            throw new AssertionError("the fake Mailgun received no request");
        }
        return received.get(received.size() - 1);
    }

    static String basicAuth(String key) {
        return "Basic " + Base64.getEncoder().encodeToString(("api:" + key).getBytes(StandardCharsets.UTF_8));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.putAll(exchange.getRequestHeaders());
            String contentType = headers.containsKey("Content-Type") ? headers.get("Content-Type").get(0) : "";
            Map<String, List<String>> form = contentType.startsWith("application/x-www-form-urlencoded")
                    ? decodeForm(body) : Map.of();
            String path = exchange.getRequestURI().getRawPath();
            received.add(new Received(exchange.getRequestMethod(), path, Collections.unmodifiableMap(headers), body,
                    form));

            Answer scripted = script.poll();
            if (scripted != null && scripted.delay().isZero()) {
                send(exchange, scripted.status(), scripted.contentType(), scripted.body(), scripted.headers());
                return;
            }
            if (scripted != null) {
                awaitQuietly(scripted.delay());
            }
            answerLikeMailgun(exchange, path, contentType, form, headers);
        }
    }

    private void answerLikeMailgun(HttpExchange exchange, String path, String contentType,
                                   Map<String, List<String>> form, Map<String, List<String>> headers)
            throws IOException {
        List<String> authorization = headers.get("Authorization");
        if (authorization == null || !authorization.get(0).equals(basicAuth(API_KEY))) {
            send(exchange, 401, "text/plain", "Forbidden", Map.of());
            return;
        }
        Matcher domain = DOMAINS.matcher(path);
        if (domain.matches() && exchange.getRequestMethod().equals("GET")) {
            if (domain.group(1).equals(DOMAIN)) {
                send(exchange, 200, "application/json",
                        "{\"domain\":{\"name\":\"" + DOMAIN + "\",\"state\":\"active\"},\"receiving_dns_records\":[],"
                                + "\"sending_dns_records\":[]}", Map.of());
            } else {
                send(exchange, 404, "application/json", "{\"message\":\"Domain not found\"}", Map.of());
            }
            return;
        }
        Matcher messages = MESSAGES.matcher(path);
        if (!messages.matches() || !exchange.getRequestMethod().equals("POST")) {
            send(exchange, 404, "text/plain", "404 page not found", Map.of());
            return;
        }
        if (!messages.group(1).equals(DOMAIN)) {
            send(exchange, 404, "application/json", "{\"message\":\"Domain not found: " + messages.group(1) + "\"}",
                    Map.of());
            return;
        }
        if (!contentType.startsWith("application/x-www-form-urlencoded")) {
            send(exchange, 400, "application/json", "{\"message\":\"expected a form body\"}", Map.of());
            return;
        }
        if (!form.containsKey("from")) {
            send(exchange, 400, "application/json", "{\"message\":\"from parameter is missing\"}", Map.of());
            return;
        }
        if (!form.containsKey("to")) {
            send(exchange, 400, "application/json", "{\"message\":\"to parameter is missing\"}", Map.of());
            return;
        }
        if (!form.containsKey("text") && !form.containsKey("html")) {
            send(exchange, 400, "application/json",
                    "{\"message\":\"Need at least one of 'text', 'html', 'template' or 'amp-html' parameters "
                            + "specified\"}", Map.of());
            return;
        }
        String id = "<20260302100000." + sequence.incrementAndGet() + "@" + DOMAIN + ">";
        send(exchange, 200, "application/json", "{\"id\":\"" + id + "\",\"message\":\"Queued. Thank you.\"}",
                Map.of());
    }

    private static Map<String, List<String>> decodeForm(String body) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        if (body.isEmpty()) {
            return form;
        }
        for (String pair : body.split("&")) {
            String[] parts = pair.split("=", 2);
            form.computeIfAbsent(URLDecoder.decode(parts[0], StandardCharsets.UTF_8), n -> new ArrayList<>())
                    .add(parts.length == 2 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
        }
        return form;
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body,
                             Map<String, String> headers) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void awaitQuietly(Duration delay) {
        try {
            closing.await(delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
