package io.leadflow.kernel.message;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mailgun's messages API on 127.0.0.1, as the kernel's tests need it: {@code POST /v3/<domain>/messages}
 * with basic auth {@code api:<key>} and a form body (from, to, text or html), answered with
 * Mailgun's {@code {"id": "<...>", "message": "Queued. Thank you."}}; 401 and 400 as Mailgun
 * answers them. Also signs inbound route posts the way Mailgun does (HMAC-SHA256 of timestamp and
 * token with the webhook signing key).
 */
public final class FakeMailgunApi implements AutoCloseable {
    public static final String DOMAIN = "mg.example.com";
    public static final String API_KEY = "key-kernel-test-0123456789abcdef";
    static final String SIGNING_KEY = "kernel-test-webhook-signing-key";

    private final HttpServer server;
    private final List<Map<String, List<String>>> sent = new CopyOnWriteArrayList<>();
    private final AtomicInteger sequence = new AtomicInteger();

    public FakeMailgunApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The forms of the messages Mailgun accepted. */
    public List<Map<String, List<String>>> sent() {
        return List.copyOf(sent);
    }

    /** The credential's JSON data for this fake. */
    public String credentialData() {
        return "{\"apiKey\":\"" + API_KEY + "\",\"domain\":\"" + DOMAIN + "\",\"baseUrl\":\"" + baseUrl()
                + "\",\"webhookSigningKey\":\"" + SIGNING_KEY + "\",\"defaultFrom\":\"Sales <sales@" + DOMAIN + ">\"}";
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String expected = "Basic " + Base64.getEncoder().encodeToString(("api:" + API_KEY).getBytes(StandardCharsets.UTF_8));
            if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                answer(exchange, 401, "text/plain", "Forbidden");
                return;
            }
            if (!exchange.getRequestMethod().equals("POST")
                    || !exchange.getRequestURI().getPath().equals("/v3/" + DOMAIN + "/messages")) {
                answer(exchange, 404, "text/plain", "404 page not found");
                return;
            }
            Map<String, List<String>> form = decode(body);
            if (!form.containsKey("from") || !form.containsKey("to")) {
                answer(exchange, 400, "application/json", "{\"message\":\"from and to parameters are required\"}");
                return;
            }
            sent.add(form);
            answer(exchange, 200, "application/json", "{\"id\":\"<20260302100000." + sequence.incrementAndGet() + "@"
                    + DOMAIN + ">\",\"message\":\"Queued. Thank you.\"}");
        }
    }

    /** A form-encoded inbound route post from {@code from}, signed now. */
    public static String inboundForm(String from, String text, String messageId) {
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        String token = (java.util.UUID.randomUUID().toString() + java.util.UUID.randomUUID()).replace("-", "");
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("recipient", "sales@" + DOMAIN);
        fields.put("sender", from);
        fields.put("from", "Lead <" + from + ">");
        fields.put("subject", "Re: Your quote");
        fields.put("body-plain", text + "\n\n> On Monday Sales wrote:\n> Your quote");
        fields.put("stripped-text", text);
        fields.put("Message-Id", messageId);
        fields.put("timestamp", timestamp);
        fields.put("token", token);
        fields.put("signature", sign(timestamp, token));
        StringBuilder form = new StringBuilder();
        fields.forEach((name, value) -> form.append(form.length() == 0 ? "" : "&")
                .append(java.net.URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                .append(java.net.URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return form.toString();
    }

    static String sign(String timestamp, String token) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SIGNING_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((timestamp + token).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private static Map<String, List<String>> decode(String body) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        if (body.isEmpty()) {
            return form;
        }
        for (String pair : body.split("&")) {
            String[] parts = pair.split("=", 2);
            form.computeIfAbsent(URLDecoder.decode(parts[0], StandardCharsets.UTF_8), name -> new ArrayList<>())
                    .add(parts.length == 2 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
        }
        return form;
    }

    private static void answer(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
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
