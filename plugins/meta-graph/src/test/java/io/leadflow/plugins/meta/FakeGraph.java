package io.leadflow.plugins.meta;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for Meta's Graph API on 127.0.0.1, for tests only. It speaks the Send APIs of
 * the WhatsApp Cloud API ({@code POST /v{N}/{phone-number-id}/messages} with
 * {@code messaging_product: whatsapp}), Messenger ({@code POST /v{N}/{page-id}/messages}) and
 * Instagram ({@code POST /v{N}/me/messages}), and the phone-number, page and {@code me} reads of
 * connection tests, with a bearer token; it answers as Meta does, including its error body
 * {@code {"error": {message, type, code, error_subcode, fbtrace_id}}}: 190 for a wrong or expired
 * token, 131047 (WhatsApp) and 10/2018278 (Messenger) for free text to a recipient whose window
 * the test closed, 100 for a malformed request. Tests can script the next answers.
 */
public final class FakeGraph implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A request as the fake received it. */
    public record Received(String method, String path, String query, String authorization, Map<String, Object> json) {
        /**
         * A member of the JSON body by a dotted path, e.g. {@code template.language.code}.
         *
         * @param dotted the path
         * @return the value, or null
         */
        public Object at(String dotted) {
            Object current = json;
            for (String part : dotted.split("\\.")) {
                if (!(current instanceof Map<?, ?> map)) {
                    return null;
                }
                current = map.get(part);
            }
            return current;
        }
    }

    private record Answer(int status, String body) {
    }

    private final HttpServer server;
    private final String token;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
    private final Set<String> closedWindows = ConcurrentHashMap.newKeySet();
    private final AtomicInteger sequence = new AtomicInteger();
    private volatile boolean tokenExpired;

    private FakeGraph(String token) throws IOException {
        this.token = token;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * Starts a fake that accepts one access token.
     *
     * @param token the token
     * @return the running fake
     * @throws IOException if no port is free
     */
    public static FakeGraph start(String token) throws IOException {
        return new FakeGraph(token);
    }

    /** @return {@code http://127.0.0.1:<port>}, for a credential's base URL */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * Free text to this recipient is refused as Meta does outside the 24-hour window.
     *
     * @param recipient a WhatsApp id (digits) or a PSID/IGSID
     * @return this
     */
    public FakeGraph closeWindow(String recipient) {
        closedWindows.add(recipient);
        return this;
    }

    /** Every later call is refused with 190, as for a token that expired. */
    public void expireToken() {
        tokenExpired = true;
    }

    /**
     * Answers the next request with this status and body, whatever it is.
     *
     * @param status the status
     * @param body the body
     * @return this
     */
    public FakeGraph answerNext(int status, String body) {
        script.add(new Answer(status, body));
        return this;
    }

    /**
     * Meta's error body.
     *
     * @param code the code
     * @param subcode the subcode, or 0
     * @param message the message
     * @param details {@code error_data.details}, or null
     * @return the JSON text
     */
    public static String error(int code, int subcode, String message, String details) {
        return "{\"error\":{\"message\":" + quote(message) + ",\"type\":\"OAuthException\",\"code\":" + code
                + (subcode == 0 ? "" : ",\"error_subcode\":" + subcode)
                + (details == null ? "" : ",\"error_data\":{\"messaging_product\":\"whatsapp\",\"details\":"
                + quote(details) + "}")
                + ",\"fbtrace_id\":\"AbCdEfGhIjKlMnOp\"}}";
    }

    /** @return the requests so far */
    public List<Received> received() {
        return List.copyOf(received);
    }

    /** @return the latest request */
    public Received last() {
        if (received.isEmpty()) {
            throw new AssertionError("the fake Graph API received no request");
        }
        return received.get(received.size() - 1);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, Object> json = Map.of();
            if (body.length > 0) {
                try {
                    json = MAPPER.readValue(body, new TypeReference<Map<String, Object>>() {
                    });
                } catch (IOException e) {
                    send(exchange, 400, error(100, 0, "(#100) The parameter body is not valid JSON", null));
                    return;
                }
            }
            Received request = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders().getFirst("Authorization"), json);
            received.add(request);
            Answer scripted = script.poll();
            if (scripted != null) {
                send(exchange, scripted.status(), scripted.body());
                return;
            }
            answerLikeMeta(exchange, request);
        }
    }

    private void answerLikeMeta(HttpExchange exchange, Received request) throws IOException {
        if (!("Bearer " + token).equals(request.authorization())) {
            send(exchange, 401, error(190, 0, "Invalid OAuth access token - Cannot parse access token", null));
            return;
        }
        if (tokenExpired) {
            send(exchange, 401, error(190, 463, "Error validating access token: Session has expired on Friday, "
                    + "04-Dec-26 10:00:00 PST.", null));
            return;
        }
        String[] path = request.path().split("/");
        if (path.length < 3 || !path[1].matches("v\\d+\\.\\d+")) {
            send(exchange, 400, error(2500, 0, "Unknown path components: " + request.path(), null));
            return;
        }
        if (request.method().equals("GET") && path.length == 3) {
            String id = path[2];
            send(exchange, 200, id.equals("me") ? "{\"user_id\":\"17841400000000001\",\"username\":\"leadflow.test\","
                    + "\"id\":\"17841400000000001\"}"
                    : "{\"display_phone_number\":\"15550001111\",\"verified_name\":\"LeadFlow Test\",\"name\":"
                    + "\"LeadFlow Test Page\",\"id\":\"" + id + "\"}");
            return;
        }
        if (!request.method().equals("POST") || path.length != 4 || !path[3].equals("messages")) {
            send(exchange, 400, error(100, 33, "Unsupported " + request.method() + " request. Object with ID '"
                    + path[2] + "' does not exist", null));
            return;
        }
        if ("whatsapp".equals(request.json().get("messaging_product"))) {
            answerWhatsApp(exchange, request);
        } else {
            answerSendApi(exchange, request);
        }
    }

    private void answerWhatsApp(HttpExchange exchange, Received request) throws IOException {
        Object to = request.json().get("to");
        Object type = request.json().get("type");
        if (!(to instanceof String recipient) || recipient.isBlank()) {
            send(exchange, 400, error(100, 0, "(#100) The parameter to is required.", null));
            return;
        }
        if ("text".equals(type)) {
            if (!(request.at("text.body") instanceof String text) || text.isBlank()) {
                send(exchange, 400, error(100, 0, "(#100) The parameter text['body'] is required.", null));
                return;
            }
            if (closedWindows.contains(recipient)) {
                send(exchange, 400, error(131047, 0, "Re-engagement message", "Message failed to send because more "
                        + "than 24 hours have passed since the customer last replied to this number."));
                return;
            }
        } else if ("template".equals(type)) {
            if (!(request.at("template.name") instanceof String) || !(request.at("template.language.code") instanceof String)) {
                send(exchange, 400, error(100, 0, "(#100) The parameter template['name'] is required.", null));
                return;
            }
        } else {
            send(exchange, 400, error(100, 0, "(#100) Param type must be one of {AUDIO, CONTACTS, DOCUMENT, IMAGE, "
                    + "INTERACTIVE, LOCATION, REACTION, STICKER, TEMPLATE, TEXT, VIDEO}", null));
            return;
        }
        String id = "wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI" + String.format("%010d", sequence.incrementAndGet());
        send(exchange, 200, "{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":" + quote(recipient)
                + ",\"wa_id\":" + quote(recipient) + "}],\"messages\":[{\"id\":\"" + id + "\""
                + ("template".equals(type) ? ",\"message_status\":\"accepted\"" : "") + "}]}");
    }

    private void answerSendApi(HttpExchange exchange, Received request) throws IOException {
        if (!(request.at("recipient.id") instanceof String recipient) || recipient.isBlank()) {
            send(exchange, 400, error(100, 2018001, "(#100) No matching user found", null));
            return;
        }
        if (!(request.at("message.text") instanceof String text) || text.isBlank()) {
            send(exchange, 400, error(100, 0, "(#100) param message must be non-empty.", null));
            return;
        }
        boolean tagged = "MESSAGE_TAG".equals(request.json().get("messaging_type")) && request.json().get("tag") != null;
        if (closedWindows.contains(recipient) && !tagged) {
            // Instagram login (me/messages) answers with Instagram's subcode, a page with Messenger's
            int subcode = request.path().contains("/me/") ? GraphFailures.INSTAGRAM_OUTSIDE_WINDOW
                    : GraphFailures.MESSENGER_OUTSIDE_WINDOW;
            send(exchange, 400, error(10, subcode, "(#10) This message is sent outside of allowed window.", null));
            return;
        }
        send(exchange, 200, "{\"recipient_id\":" + quote(recipient) + ",\"message_id\":\"m_AG5Hz2Uq7tuwNEhXfYYKj8mJE"
                + String.format("%06d", sequence.incrementAndGet()) + "\"}");
    }

    private static String quote(String text) {
        try {
            return MAPPER.writeValueAsString(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=UTF-8");
        exchange.getResponseHeaders().add("x-fb-trace-id", "AbCdEfGhIjKlMnOp");
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
