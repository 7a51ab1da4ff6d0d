package io.leadflow.kernel.realtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadflow.kernel.store.PgNotifications;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relays live events between kernel processes that share a database, so a WebSocket client sees
 * every execution whichever kernel runs it. Events are batched into NOTIFY payloads; nothing is
 * sent while this kernel is the only one alive.
 */
public final class LiveRelay implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveRelay.class);
    static final String CHANNEL = "leadflow_live";
    private static final long BATCH_WINDOW_MILLIS = 5;

    private final EventBus bus;
    private final PgNotifications notifications;
    private final ObjectMapper json;
    private final String origin;
    private final BooleanSupplier othersAlive;
    private final BlockingQueue<LiveEvent> outgoing = new LinkedBlockingQueue<>(100_000);
    private final ThreadLocal<Boolean> relaying = ThreadLocal.withInitial(() -> false);
    private final AutoCloseable subscription;
    private final Thread sender;
    private volatile boolean running = true;

    public LiveRelay(EventBus bus, PgNotifications notifications, ObjectMapper json, String origin,
                     BooleanSupplier othersAlive) {
        this.bus = bus;
        this.notifications = notifications;
        this.json = json;
        this.origin = origin;
        this.othersAlive = othersAlive;
        notifications.listen(CHANNEL, this::inbound);
        this.subscription = bus.subscribe(this::outbound);
        this.sender = new Thread(this::sendLoop, "live-relay");
        sender.setDaemon(true);
        sender.start();
    }

    private void outbound(LiveEvent event) {
        if (!relaying.get() && othersAlive.getAsBoolean()) {
            outgoing.offer(event);
        }
    }

    private void sendLoop() {
        List<LiveEvent> batch = new ArrayList<>();
        while (running) {
            try {
                LiveEvent first = outgoing.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                Thread.sleep(BATCH_WINDOW_MILLIS);
                batch.clear();
                batch.add(first);
                outgoing.drainTo(batch);
                send(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("Relaying live events failed", e);
            }
        }
    }

    /** Packs events into payloads under PostgreSQL's limit; an event too large alone is dropped. */
    private void send(List<LiveEvent> batch) {
        ObjectNode payload = newPayload();
        int size = 0;
        for (LiveEvent event : batch) {
            ObjectNode one = json.createObjectNode();
            one.put("topic", event.topic()).put("type", event.type()).put("at", event.at().toString());
            one.set("data", json.valueToTree(event.data()));
            int eventSize = one.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1;
            if (eventSize > PgNotifications.MAX_PAYLOAD_BYTES - 100) {
                continue;
            }
            if (size + eventSize > PgNotifications.MAX_PAYLOAD_BYTES - 100) {
                notifications.notify(CHANNEL, payload.toString());
                payload = newPayload();
                size = 0;
            }
            ((ArrayNode) payload.get("events")).add(one);
            size += eventSize;
        }
        if (size > 0) {
            notifications.notify(CHANNEL, payload.toString());
        }
    }

    private ObjectNode newPayload() {
        ObjectNode payload = json.createObjectNode().put("origin", origin);
        payload.putArray("events");
        return payload;
    }

    private void inbound(String payload) {
        JsonNode parsed;
        try {
            parsed = json.readTree(payload);
        } catch (JsonProcessingException e) {
            LOG.debug("Ignoring a malformed live relay payload");
            return;
        }
        if (origin.equals(parsed.path("origin").asText())) {
            return;
        }
        relaying.set(true);
        try {
            for (JsonNode event : parsed.path("events")) {
                bus.publish(new LiveEvent(event.path("topic").asText(), event.path("type").asText(),
                        json.convertValue(event.get("data"), Object.class), Instant.parse(event.path("at").asText())));
            }
        } finally {
            relaying.set(false);
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            subscription.close();
            sender.join(1_000);
        } catch (Exception e) {
            LOG.debug("Closing the live relay", e);
        }
    }
}
