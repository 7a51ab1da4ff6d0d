package io.leadflow.kernel.realtime;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel's one internal channel for live events. Features publish; the WebSocket hub (and
 * later the cross-process relay) listen. Listeners run on the publisher's thread and must not
 * block: the hub only enqueues.
 */
public final class EventBus {
    private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);

    private final List<Consumer<LiveEvent>> listeners = new CopyOnWriteArrayList<>();

    public void publish(String topic, String type, Object data) {
        publish(new LiveEvent(topic, type, data, Instant.now()));
    }

    public void publish(LiveEvent event) {
        for (Consumer<LiveEvent> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                // one broken listener must not keep the event from the others
                LOG.warn("Listener failed on {} {}", event.topic(), event.type(), e);
            }
        }
    }

    /** Adds a listener; closing the result removes it. */
    public AutoCloseable subscribe(Consumer<LiveEvent> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }
}
