package io.leadflow.kernel.realtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
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
 *
 * <p>When events arrive faster than a stripe writes them (an execution's started, node started
 * and node finished within a millisecond, to a thousand clients), the stripe takes all that are
 * waiting and sends each client one {@code {"op":"batch","messages":[...]}} frame holding its
 * events in order: writing a frame costs far more than its bytes, and no event waits behind
 * another one's thousand writes. A lone event still goes out as a plain {@code event} message.
 */
public final class RealtimeHub implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RealtimeHub.class);

    private final ObjectMapper json;
    private final int sendQueueLimit;
    private final Map<String, Set<ClientConnection>> subscribers = new ConcurrentHashMap<>();
    private final Set<ClientConnection> clients = ConcurrentHashMap.newKeySet();
    private final AutoCloseable subscription;
    private final Stripe[] stripes;
    private final AtomicInteger nextStripe = new AtomicInteger();

    public RealtimeHub(EventBus bus, ObjectMapper json, int sendQueueLimit, int fanoutThreads) {
        this.json = json;
        this.sendQueueLimit = sendQueueLimit;
        this.stripes = new Stripe[fanoutThreads];
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new Stripe(i);
            stripes[i].start();
        }
        this.subscription = bus.subscribe(this::deliver);
    }

    /** Topics one connection may follow at once; more is a client bug or an attempt to exhaust memory. */
    static final int MAX_SUBSCRIPTIONS = 100;

    ClientConnection connect(MessageSink sink) {
        return connect(sink, null);
    }

    ClientConnection connect(MessageSink sink, java.util.UUID tokenId) {
        ClientConnection client = new ClientConnection(sink, sendQueueLimit,
                Math.floorMod(nextStripe.getAndIncrement(), stripes.length), tokenId);
        clients.add(client);
        return client;
    }

    void disconnect(ClientConnection client) {
        clients.remove(client);
        subscribers.values().forEach(set -> set.remove(client));
    }

    /** Subscribes {@code client}; false if it already follows {@link #MAX_SUBSCRIPTIONS} topics. */
    boolean subscribe(ClientConnection client, String topic) {
        if (!client.topics.contains(topic) && client.topics.size() >= MAX_SUBSCRIPTIONS) {
            return false;
        }
        client.topics.add(topic);
        subscribers.computeIfAbsent(topic, t -> ConcurrentHashMap.newKeySet()).add(client);
        return true;
    }

    private volatile AutoCloseable tokenWatch;

    /** Closes {@code watch} with the hub. */
    void closeWith(AutoCloseable watch) {
        this.tokenWatch = watch;
    }

    /** The tokens the connected clients authenticated with. */
    Set<java.util.UUID> connectedTokens() {
        Set<java.util.UUID> tokens = new java.util.HashSet<>();
        for (ClientConnection client : clients) {
            if (client.tokenId() != null) {
                tokens.add(client.tokenId());
            }
        }
        return tokens;
    }

    /** Closes (1008) every client whose token is not among {@code live}. */
    void closeUnless(Set<java.util.UUID> live, String reason) {
        for (ClientConnection client : clients) {
            if (client.tokenId() != null && !live.contains(client.tokenId())) {
                client.close(1008, reason);
                disconnect(client);
            }
        }
    }

    void unsubscribe(ClientConnection client, String topic) {
        client.topics.remove(topic);
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
        for (Stripe stripe : stripes) {
            stripe.published.add(new Published(set, text));
        }
    }

    /** An event to send to a topic's subscribers, serialised once. */
    private record Published(Set<ClientConnection> subscribers, String text) {
    }

    /** One fan-out thread and the events waiting for it. */
    private final class Stripe extends Thread {
        private static final int MAX_BATCH = 64;
        private final int index;
        private final BlockingQueue<Published> published = new LinkedBlockingQueue<>();
        private volatile boolean running = true;

        Stripe(int index) {
            super("live-fanout-" + index);
            this.index = index;
            setDaemon(true);
        }

        @Override
        public void run() {
            List<Published> waiting = new ArrayList<>();
            while (running) {
                try {
                    waiting.add(published.take());
                } catch (InterruptedException e) {
                    return;
                }
                published.drainTo(waiting, MAX_BATCH - 1);
                try {
                    send(waiting);
                } catch (RuntimeException e) {
                    LOG.warn("Live fan-out failed", e);
                }
                waiting.clear();
            }
        }

        private void send(List<Published> events) {
            if (events.size() == 1) {
                // the usual case: every subscriber gets the one text, without the per-client bookkeeping below
                for (ClientConnection client : events.get(0).subscribers()) {
                    if (client.stripe() == index && !client.offer(events.get(0).text())) {
                        disconnect(client);
                    }
                }
                return;
            }
            // which of the waiting events each client gets, in order; most clients get the same
            // ones, so each distinct batch is written once
            Map<ClientConnection, List<Integer>> eventsOf = new LinkedHashMap<>();
            for (int i = 0; i < events.size(); i++) {
                for (ClientConnection client : events.get(i).subscribers()) {
                    if (client.stripe() == index) {
                        eventsOf.computeIfAbsent(client, c -> new ArrayList<>()).add(i);
                    }
                }
            }
            Map<List<Integer>, String> batches = new HashMap<>();
            eventsOf.forEach((client, which) -> {
                String message = batches.computeIfAbsent(which, key -> batch(events, key));
                if (!client.offer(message)) {
                    disconnect(client);
                }
            });
        }

        void shutdown() {
            running = false;
            interrupt();
        }
    }

    private static String batch(List<Published> events, List<Integer> which) {
        if (which.size() == 1) {
            return events.get(which.get(0)).text();
        }
        StringBuilder batch = new StringBuilder("{\"op\":\"batch\",\"messages\":[");
        for (int i = 0; i < which.size(); i++) {
            batch.append(i == 0 ? "" : ",").append(events.get(which.get(i)).text());
        }
        return batch.append("]}").toString();
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
            if (tokenWatch != null) {
                tokenWatch.close();
            }
            subscription.close();
        } catch (Exception e) {
            LOG.debug("Unsubscribing the hub failed", e);
        }
        for (Stripe stripe : stripes) {
            stripe.shutdown();
        }
        clients.forEach(client -> client.close(1001, "server shutting down"));
        clients.clear();
        subscribers.clear();
    }
}
