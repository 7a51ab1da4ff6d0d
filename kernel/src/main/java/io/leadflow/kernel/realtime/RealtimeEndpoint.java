package io.leadflow.kernel.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadflow.kernel.auth.Caller;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client at {@code /ws}. The handshake was authenticated before this endpoint exists; here the
 * client subscribes and unsubscribes with {@code {"op":"subscribe","topic":"..."}} and receives
 * {@code {"op":"event",...}} messages. A malformed message gets an error reply, not a disconnect.
 */
public final class RealtimeEndpoint extends Endpoint { // public: Tyrus calls onOpen reflectively
    /** Inbound messages are a few dozen bytes of subscribe/ping; a larger frame is closed with 1009. */
    static final int MAX_MESSAGE_BYTES = 4 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(RealtimeEndpoint.class);

    private final RealtimeHub hub;
    private final ObjectMapper json;
    private ClientConnection client;

    RealtimeEndpoint(RealtimeHub hub, ObjectMapper json) {
        this.hub = hub;
        this.json = json;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        if (!(session.getUserPrincipal() instanceof Caller)) {
            closeQuietly(session, new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "not authenticated"));
            return;
        }
        session.setMaxTextMessageBufferSize(MAX_MESSAGE_BYTES);
        session.setMaxBinaryMessageBufferSize(MAX_MESSAGE_BYTES);
        client = hub.connect(new SessionSink(session), ((Caller) session.getUserPrincipal()).tokenId());
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> onMessage(session, text));
        reply(Map.of("op", "welcome", "user", ((Caller) session.getUserPrincipal()).username()));
    }

    private void onMessage(Session session, String text) {
        // Tyrus's buffer limit does not reliably refuse a whole message; the transport's buffer
        // (WebSocketServer) bounds what is read at all, this bounds what is accepted
        if (text.length() > MAX_MESSAGE_BYTES) {
            closeQuietly(session, new CloseReason(CloseReason.CloseCodes.TOO_BIG,
                    "messages are at most " + MAX_MESSAGE_BYTES + " bytes"));
            return;
        }
        JsonNode message;
        try {
            message = json.readTree(text);
        } catch (IOException e) {
            reply(error("message is not JSON"));
            return;
        }
        String op = message.path("op").asText("");
        String topic = message.path("topic").isTextual() ? message.path("topic").asText() : null;
        switch (op) {
            case "subscribe" -> {
                if (!Topics.valid(topic)) {
                    reply(error("unknown topic '" + topic + "'"));
                    return;
                }
                if (!hub.subscribe(client, topic)) {
                    reply(error("at most " + RealtimeHub.MAX_SUBSCRIPTIONS + " subscriptions per connection"));
                    return;
                }
                reply(Map.of("op", "subscribed", "topic", topic));
            }
            case "unsubscribe" -> {
                if (topic != null) {
                    hub.unsubscribe(client, topic);
                }
                reply(Map.of("op", "unsubscribed", "topic", topic == null ? "" : topic));
            }
            case "ping" -> reply(Map.of("op", "pong"));
            default -> reply(error("unknown op '" + op + "' (subscribe, unsubscribe, ping)"));
        }
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        if (client != null) {
            hub.disconnect(client);
        }
    }

    @Override
    public void onError(Session session, Throwable error) {
        LOG.debug("WebSocket {} failed", session.getId(), error);
    }

    private void reply(Map<String, Object> message) {
        client.offer(hub.write(message));
    }

    private static Map<String, Object> error(String detail) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("op", "error");
        message.put("detail", detail);
        return message;
    }

    private static void closeQuietly(Session session, CloseReason reason) {
        try {
            session.close(reason);
        } catch (IOException | IllegalStateException e) {
            // already closed by the peer or by the transport shutting down: nothing left to close
            LOG.debug("Closing WebSocket {} failed", session.getId(), e);
        }
    }

    /** Writes to a Tyrus session without blocking the caller. */
    private static final class SessionSink implements MessageSink {
        private final Session session;

        SessionSink(Session session) {
            this.session = session;
        }

        @Override
        public void send(String text, Consumer<Throwable> done) {
            try {
                session.getAsyncRemote().sendText(text, result -> done.accept(result.isOK() ? null : result.getException()));
            } catch (RuntimeException e) {
                done.accept(e);
            }
        }

        @Override
        public void close(int code, String reason) {
            if (session.isOpen()) {
                closeQuietly(session, new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
            }
        }
    }
}
