package io.leadflow.api.node;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Durable key-value state private to one plugin (cursors, tokens, small caches), kept by the
 * kernel in its database. Values are plain JSON values.
 */
public interface KeyValueStore {

    /**
     * Reads a value.
     *
     * @param key the key
     * @return the value, or empty if absent or expired
     */
    CompletionStage<Optional<Object>> get(String key);

    /**
     * Writes a value.
     *
     * @param key the key
     * @param value a plain JSON value
     * @param timeToLive how long to keep it, or null for ever
     * @return completes when stored
     */
    CompletionStage<Void> put(String key, Object value, Duration timeToLive);

    /**
     * Removes a value.
     *
     * @param key the key
     * @return completes when removed
     */
    CompletionStage<Void> delete(String key);
}
