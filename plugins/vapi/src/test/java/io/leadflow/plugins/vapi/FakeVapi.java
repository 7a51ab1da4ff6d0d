package io.leadflow.plugins.vapi;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local stand-in for VAPI's API on 127.0.0.1: {@code POST /call} and {@code GET /phone-number/{id}}
 * with {@code Authorization: Bearer <private key>}, answering as VAPI does: 201 with the call object,
 * 401 for a wrong key, 400 with its list of validation messages for a number not in E.164 form.
 * Tests can script the next answers.
 */
final class FakeVapi implements AutoCloseable {
    static final String API_KEY = "vapi-private-key-0123";
    static final String PHONE_NUMBER_ID = "3f1c1b1e-7a44-4c2e-9d3a-1c2b3d4e5f60";
    static final String ASSISTANT_ID = "5b0a4c3e-2f1d-4e6a-8b7c-9d0e1f2a3b4c";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A request as the fake received it. */
    record Received(String method, String path, String authorization, Map<String, Object> json) {
    }

    private record Answer(int status, String body) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();

    FakeVapi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    FakeVapi answerNext(int status, String body) {
        script.add(new Answer(status, body));
        return this;
    }

    Received last() {
        if (received.isEmpty()) {
            throw new AssertionError("the fake VAPI received no request");
        }
        return received.get(received.size() - 1);
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, Object> json = body.length == 0 ? Map.of()
                    : MAPPER.readValue(body, new TypeReference<Map<String, Object>>() {
                    });
            Received request = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Authorization"), json);
            received.add(request);
            Answer scripted = script.poll();
            if (scripted != null) {
                send(exchange, scripted.status(), scripted.body());
                return;
            }
            if (!("Bearer " + API_KEY).equals(request.authorization())) {
                send(exchange, 401, "{\"message\":\"Invalid Key. Hot tip, you may be using the private key instead of "
                        + "the public key, or vice versa.\",\"error\":\"Unauthorized\",\"statusCode\":401}");
                return;
            }
            if (request.method().equals("GET") && request.path().equals("/phone-number/" + PHONE_NUMBER_ID)) {
                send(exchange, 200, "{\"id\":\"" + PHONE_NUMBER_ID + "\",\"orgId\":\"org-1\",\"number\":\"+15550002222\","
                        + "\"provider\":\"vapi\",\"status\":\"active\"}");
                return;
            }
            if (!request.method().equals("POST") || !request.path().equals("/call")) {
                send(exchange, 404, "{\"message\":\"Cannot " + request.method() + " " + request.path()
                        + "\",\"error\":\"Not Found\",\"statusCode\":404}");
                return;
            }
            Object customer = json.get("customer");
            Object number = customer instanceof Map<?, ?> map ? map.get("number") : null;
            if (!(number instanceof String text) || !text.matches("\\+[1-9]\\d{6,14}")) {
                send(exchange, 400, "{\"message\":[\"customer.number must be a valid phone number in the E.164 format. "
                        + "Hot tip, you may be missing the country code (Eg. US: +1).\"],\"error\":\"Bad Request\","
                        + "\"statusCode\":400}");
                return;
            }
            String now = Instant.now().toString();
            send(exchange, 201, "{\"id\":\"" + UUID.randomUUID() + "\",\"orgId\":\"org-1\",\"type\":\"outboundPhoneCall\","
                    + "\"status\":\"queued\",\"assistantId\":\"" + json.get("assistantId") + "\",\"phoneNumberId\":\""
                    + json.get("phoneNumberId") + "\",\"customer\":{\"number\":\"" + number + "\"},\"createdAt\":\"" + now
                    + "\",\"updatedAt\":\"" + now + "\"}");
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
