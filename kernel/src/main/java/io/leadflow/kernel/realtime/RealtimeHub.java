package io.leadflow.kernel.realtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans live events out to subscribed WebSocket clients. Each event is serialised once, then
 * offered to each subscriber's bounded queue; publishing never waits on a client.
 *
 * <p>The writes happen on a few fan-out threads, never on the publisher's: the publisher is
 * usually the engine's commit thread, and a thousand subscribers' frame writes would hold up
 * the next commit. Each client belongs to one fan-out thread (its stripe) and a stripe handles
 * events in publication order, so every client still sees events in the order they happened.
 */
public final class RealtimeHub implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RealtimeHub.class);

    private final ObjectMapper json;
    private final int sendQueueLimit;
    private final Map<String, Set<ClientConnection>> subscribers = new ConcurrentHashMap<>();
    private final Set<ClientConnection> clients = ConcurrentHashMap.newKeySet();
    private final AutoCloseable subscription;
    private final ExecutorService[] stripes;
    private final AtomicInteger nextStripe = new AtomicInteger();

    public RealtimeHub(EventBus bus, ObjectMapper json, int sendQueueLimit) {
        this.json = json;
        this.sendQueueLimit = sendQueueLimit;
        this.stripes = new ExecutorService[Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()))];
        for (int i = 0; i < stripes.length; i++) {
            String name = "live-fanout-" + i;
            stripes[i] = Executors.newSingleThreadExecutor(task -> {
                Thread thread = new Thread(task, name);
                thread.setDaemon(true);
                return thread;
            });
        }
        this.subscription = bus.subscribe(this::deliver);
    }

    ClientConnection connect(MessageSink sink) {
        ClientConnection client = new ClientConnection(sink, sendQueueLimit,
                Math.floorMod(nextStripe.getAndIncrement(), stripes.length));
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
        for (int i = 0; i < stripes.length; i++) {
            int stripe = i;
            try {
                stripes[i].execute(() -> {
                    for (ClientConnection client : set) {
                        if (client.stripe() == stripe && !client.offer(text)) {
                            disconnect(client);
                        }
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                return; // shutting down
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
        for (ExecutorService stripe : stripes) {
            stripe.shutdownNow();
        }
        clients.forEach(client -> client.close(1001, "server shutting down"));
        clients.clear();
        subscribers.clear();
    }
}
