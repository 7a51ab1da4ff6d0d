package io.leadflow.plugins.twilio;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for Twilio's Messages API on 127.0.0.1: basic auth {@code AccountSid:AuthToken},
 * the account in the path, a form body with {@code To}, {@code From} or {@code MessagingServiceSid}
 * and {@code Body}; answers 201 with the message resource, or Twilio's error body
 * {@code {code, message, more_info, status}} (20003, 21602-21604, 21610 for a number that replied
 * STOP). Tests can script the next answers.
 */
final class FakeTwilio implements AutoCloseable {
    static final String ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";
    static final String AUTH_TOKEN = "f0e1d2c3b4a5968778695a4b3c2d1e0f";
    static final String FROM = "+15017122661";

    /** A request as the fake received it. */
    record Received(String method, String path, String authorization, Map<String, List<String>> form) {
        String field(String name) {
            List<String> values = form.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    private record Answer(int status, String body) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
    private final Set<String> unsubscribed = ConcurrentHashMap.newKeySet();
    private final AtomicInteger sequence = new AtomicInteger();

    private FakeTwilio() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    static FakeTwilio start() throws IOException {
        return new FakeTwilio();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** This number replied STOP: Twilio refuses sends to it with 21610. */
    FakeTwilio unsubscribe(String number) {
        unsubscribed.add(number);
        return this;
    }

    /** Answers the next request with this status and JSON body, whatever it is. */
    FakeTwilio answerNext(int status, String body) {
        script.add(new Answer(status, body));
        return this;
    }

    /** The Twilio error body for a code, as the API writes it. */
    static String error(int code, String message, int status) {
        return "{\"code\":" + code + ",\"message\":\"" + message + "\",\"more_info\":\"https://www.twilio.com/docs/errors/"
                + code + "\",\"status\":" + status + "}";
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    Received last() {
        if (received.isEmpty()) {
            throw new AssertionError("the fake Twilio received no request");
        }
        return received.get(received.size() - 1);
    }

    static String basicAuth(String sid, String token) {
        return "Basic " + Base64.getEncoder().encodeToString((sid + ":" + token).getBytes(StandardCharsets.UTF_8));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            Map<String, List<String>> form = contentType != null
                    && contentType.startsWith("application/x-www-form-urlencoded") ? decode(body) : Map.of();
            String path = exchange.getRequestURI().getRawPath();
            Received request = new Received(exchange.getRequestMethod(), path,
                    exchange.getRequestHeaders().getFirst("Authorization"), form);
            received.add(request);
            Answer scripted = script.poll();
            if (scripted != null) {
                send(exchange, scripted.status(), scripted.body());
                return;
            }
            answerLikeTwilio(exchange, request);
        }
    }

    private void answerLikeTwilio(HttpExchange exchange, Received request) throws IOException {
        if (!basicAuth(ACCOUNT_SID, AUTH_TOKEN).equals(request.authorization())) {
            send(exchange, 401, error(20003, "Authenticate", 401));
            return;
        }
        String account = "/2010-04-01/Accounts/" + ACCOUNT_SID;
        if (request.method().equals("GET") && request.path().equals(account + ".json")) {
            send(exchange, 200, "{\"sid\":\"" + ACCOUNT_SID + "\",\"friendly_name\":\"LeadFlow tests\","
                    + "\"status\":\"active\",\"type\":\"Full\"}");
            return;
        }
        if (!request.method().equals("POST") || !request.path().equals(account + "/Messages.json")) {
            send(exchange, 404, error(20404, "The requested resource " + request.path() + " was not found", 404));
            return;
        }
        if (request.field("To") == null) {
            send(exchange, 400, error(21604, "A 'To' phone number is required.", 400));
            return;
        }
        if (request.field("From") == null && request.field("MessagingServiceSid") == null) {
            send(exchange, 400, error(21603, "A 'From' or 'MessagingServiceSid' parameter is required.", 400));
            return;
        }
        if (request.field("Body") == null) {
            send(exchange, 400, error(21602, "Message body is required.", 400));
            return;
        }
        if (unsubscribed.contains(request.field("To"))) {
            send(exchange, 400, error(21610, "Attempt to send to unsubscribed recipient", 400));
            return;
        }
        String sid = String.format("SM%032x", sequence.incrementAndGet());
        send(exchange, 201, "{\"account_sid\":\"" + ACCOUNT_SID + "\",\"api_version\":\"2010-04-01\",\"body\":"
                + "\"" + request.field("Body").replace("\"", "\\\"") + "\",\"direction\":\"outbound-api\",\"from\":"
                + (request.field("From") == null ? "null" : "\"" + request.field("From") + "\"")
                + ",\"messaging_service_sid\":" + (request.field("MessagingServiceSid") == null ? "null"
                : "\"" + request.field("MessagingServiceSid") + "\"") + ",\"num_segments\":\"1\",\"sid\":\"" + sid
                + "\",\"status\":\"queued\",\"to\":\"" + request.field("To") + "\",\"uri\":\"" + account + "/Messages/"
                + sid + ".json\"}");
    }

    private static Map<String, List<String>> decode(String body) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        if (body.isEmpty()) {
            return form;
        }
        for (String pair : body.split("&")) {
            String[] parts = pair.split("=", 2);
            form.computeIfAbsent(URLDecoder.decode(parts[0], StandardCharsets.UTF_8), name -> new ArrayList<>())
                    .add(parts.length < 2 ? "" : URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
        }
        return form;
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
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
