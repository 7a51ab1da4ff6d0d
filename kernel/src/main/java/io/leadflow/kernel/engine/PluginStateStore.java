package io.leadflow.kernel.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadflow.api.node.KeyValueStore;
import io.leadflow.kernel.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

/** One plugin's durable key-value state in the {@code plugin_state} table; calls run off the caller's thread. */
final class PluginStateStore implements KeyValueStore {

    /** The state table's SQL. */
    interface StateMapper {
        @Select("SELECT value::text FROM plugin_state WHERE plugin_id = #{plugin} AND key = #{key} "
                + "AND (expires_at IS NULL OR expires_at > now())")
        String get(@Param("plugin") String plugin, @Param("key") String key);

        @Insert("""
                INSERT INTO plugin_state (plugin_id, key, value, expires_at)
                VALUES (#{plugin}, #{key}, CAST(#{value} AS jsonb), #{expiresAt})
                ON CONFLICT (plugin_id, key) DO UPDATE SET value = EXCLUDED.value, expires_at = EXCLUDED.expires_at
                """)
        void put(@Param("plugin") String plugin, @Param("key") String key, @Param("value") String value,
                 @Param("expiresAt") Instant expiresAt);

        @Delete("DELETE FROM plugin_state WHERE plugin_id = #{plugin} AND key = #{key}")
        void delete(@Param("plugin") String plugin, @Param("key") String key);
    }

    private final Store store;
    private final String pluginId;
    private final ObjectMapper json;
    private final Executor executor;

    PluginStateStore(Store store, String pluginId, ObjectMapper json, Executor executor) {
        this.store = store.register(StateMapper.class);
        this.pluginId = pluginId;
        this.json = json;
        this.executor = executor;
    }

    @Override
    public CompletionStage<Optional<Object>> get(String key) {
        return CompletableFuture.supplyAsync(() -> {
            String text = store.inTransaction(StateMapper.class, mapper -> mapper.get(pluginId, key));
            try {
                return text == null ? Optional.empty() : Optional.ofNullable(json.readValue(text, Object.class));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("plugin state is not JSON", e);
            }
        }, executor);
    }

    @Override
    public CompletionStage<Void> put(String key, Object value, Duration timeToLive) {
        return CompletableFuture.runAsync(() -> {
            String text;
            try {
                text = json.writeValueAsString(value);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("plugin state must be plain JSON values", e);
            }
            Instant expiresAt = timeToLive == null ? null : Instant.now().plus(timeToLive);
            store.inTransaction(StateMapper.class, mapper -> {
                mapper.put(pluginId, key, text, expiresAt);
                return null;
            });
        }, executor);
    }

    @Override
    public CompletionStage<Void> delete(String key) {
        return CompletableFuture.runAsync(() -> store.inTransaction(StateMapper.class, mapper -> {
            mapper.delete(pluginId, key);
            return null;
        }), executor);
    }
}
