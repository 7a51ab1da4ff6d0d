package io.leadflow.kernel.event;

import io.leadflow.api.trigger.KernelEvent;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel's bus of domain events ({@code lead.created}, {@code lead.updated},
 * {@code lead.tag-added}, {@code message.received}, ...) that event triggers and executions
 * waiting for an event listen to. Publish only after the change is committed. Listeners run one
 * at a time on the bus's own thread, in publish order, so a slow listener never holds a request.
 *
 * <p>An event correlates with waiting executions through its {@linkplain #correlationKey key}:
 * the {@code correlationKey} member of its data if present, else its {@code leadId}.
 */
public final class KernelEvents implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KernelEvents.class);

    private final List<Consumer<KernelEvent>> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "kernel-events");
        thread.setDaemon(true);
        return thread;
    });

    /** Queues the event for every listener. */
    public void publish(KernelEvent event) {
        if (delivery.isShutdown()) {
            return;
        }
        delivery.execute(() -> {
            for (Consumer<KernelEvent> listener : listeners) {
                try {
                    listener.accept(event);
                } catch (RuntimeException e) {
                    // one broken listener must not keep the event from the others
                    LOG.warn("Listener failed on kernel event {}", event.type(), e);
                }
            }
        });
    }

    /** Adds a listener; closing the result removes it. */
    public AutoCloseable subscribe(Consumer<KernelEvent> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** The key an execution waiting for this event names, or null when the event has none. */
    public static String correlationKey(KernelEvent event) {
        Map<String, Object> data = event.data();
        Object key = data.containsKey("correlationKey") ? data.get("correlationKey") : data.get("leadId");
        return key == null ? null : key.toString();
    }

    /** Delivers what is queued (briefly), then stops. */
    @Override
    public void close() {
        delivery.shutdown();
        try {
            delivery.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
