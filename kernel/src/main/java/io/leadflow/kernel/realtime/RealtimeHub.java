package io.leadflow.kernel.realtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans live events out to subscribed WebSocket clients. Each event is serialised once, then
 * offered to each subscriber's bounded queue; publishing never waits on a client.
 */
public final class RealtimeHub implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RealtimeHub.class);

    private final ObjectMapper json;
    private final int sendQueueLimit;
    private final Map<String, Set<ClientConnection>> subscribers = new ConcurrentHashMap<>();
    private final Set<ClientConnection> clients = ConcurrentHashMap.newKeySet();
    private final AutoCloseable subscription;

    public RealtimeHub(EventBus bus, ObjectMapper json, int sendQueueLimit) {
        this.json = json;
        this.sendQueueLimit = sendQueueLimit;
        this.subscription = bus.subscribe(this::deliver);
    }

    ClientConnection connect(MessageSink sink) {
        ClientConnection client = new ClientConnection(sink, sendQueueLimit);
        clients.add(client);
        return client;
    }

    void disconnect(ClientConnection client) {
        clients.remove(client);
        subscribers.values().forEach(set -> set.remove(client));
    }

    void subscribe(ClientConnection client, String topic) {
        subscribers.computeIfAbsent(topic, t -> ConcurrentHashMap.newKeySet()).add(client);
    }

    void unsubscribe(ClientConnection client, String topic) {
        Set<ClientConnection> set = subscribers.get(topic);
        if (set != null) {
            set.remove(client);
        }
    }

    /** Connected clients, for health and tests. */
    public int clientCount() {
        return clients.size();
    }

    private void deliver(LiveEvent event) {
        Set<ClientConnection> set = subscribers.get(event.topic());
        if (set == null || set.isEmpty()) {
            return;
        }
        String text = serialise(event);
        for (ClientConnection client : set) {
            if (!client.offer(text)) {
                disconnect(client);
            }
        }
    }

    String serialise(LiveEvent event) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("op", "event");
        message.put("topic", event.topic());
        message.put("type", event.type());
        message.put("at", event.at().toString());
        message.put("data", event.data());
        return write(message);
    }

    String write(Map<String, Object> message) {
        try {
            return json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            LOG.error("Live message is not serialisable: {}", message.get("type"), e);
            return "{\"op\":\"error\",\"detail\":\"unserialisable event\"}";
        }
    }

    @Override
    public void close() {
        try {
            subscription.close();
        } catch (Exception e) {
            LOG.debug("Unsubscribing the hub failed", e);
        }
        clients.forEach(client -> client.close(1001, "server shutting down"));
        clients.clear();
        subscribers.clear();
    }
}
