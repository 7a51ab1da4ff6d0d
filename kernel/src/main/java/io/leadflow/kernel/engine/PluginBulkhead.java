package io.leadflow.kernel.engine;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Bounds the node runs one plugin has in flight, so a slow or stuck integration cannot take every
 * connection, socket and byte of memory the engine has. Runs over the bound wait in a queue
 * without holding a thread and start as earlier ones finish.
 */
final class PluginBulkhead {
    private final int maxInFlight;
    private final Map<String, Compartment> compartments = new ConcurrentHashMap<>();

    PluginBulkhead(int maxInFlight) {
        this.maxInFlight = maxInFlight;
    }

    /** Runs {@code work} now if the plugin has room, else once it has. */
    <T> CompletableFuture<T> run(String pluginId, Supplier<CompletableFuture<T>> work) {
        return compartments.computeIfAbsent(pluginId, id -> new Compartment()).run(work);
    }

    /** How many runs of the plugin are in flight now. */
    int inFlight(String pluginId) {
        Compartment compartment = compartments.get(pluginId);
        return compartment == null ? 0 : compartment.inFlight;
    }

    private final class Compartment {
        private final Queue<Runnable> waiting = new ArrayDeque<>();
        private int inFlight;

        <T> CompletableFuture<T> run(Supplier<CompletableFuture<T>> work) {
            CompletableFuture<T> result = new CompletableFuture<>();
            Runnable start = () -> {
                CompletableFuture<T> running;
                try {
                    running = work.get();
                } catch (RuntimeException e) {
                    running = CompletableFuture.failedFuture(e);
                }
                running.whenComplete((value, error) -> {
                    release();
                    if (error != null) {
                        result.completeExceptionally(error);
                    } else {
                        result.complete(value);
                    }
                });
            };
            boolean now;
            synchronized (this) {
                now = inFlight < maxInFlight;
                if (now) {
                    inFlight++;
                } else {
                    waiting.add(start);
                }
            }
            if (now) {
                start.run();
            }
            return result;
        }

        private void release() {
            Runnable next;
            synchronized (this) {
                next = waiting.poll();
                if (next == null) {
                    inFlight--;
                }
            }
            if (next != null) {
                next.run(); // the finished run's slot passes to the next one
            }
        }
    }
}
