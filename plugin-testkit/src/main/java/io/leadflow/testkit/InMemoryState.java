package io.leadflow.testkit;

import io.leadflow.api.node.KeyValueStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link KeyValueStore} in memory, honouring time-to-live. */
public final class InMemoryState implements KeyValueStore {
    private record Entry(Object value, Instant expiresAt) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    @Override
    public CompletionStage<Optional<Object>> get(String key) {
        Entry entry = entries.get(key);
        if (entry == null || (entry.expiresAt() != null && Instant.now().isAfter(entry.expiresAt()))) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return CompletableFuture.completedFuture(Optional.ofNullable(entry.value()));
    }

    @Override
    public CompletionStage<Void> put(String key, Object value, Duration timeToLive) {
        entries.put(key, new Entry(value, timeToLive == null ? null : Instant.now().plus(timeToLive)));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> delete(String key) {
        entries.remove(key);
        return CompletableFuture.completedFuture(null);
    }
}
