package io.leadflow.api.node;

import java.util.Map;

/**
 * A node's configuration in this run, with {@code {{ ... }}} expressions already evaluated by the
 * kernel. Read it with the node's {@link Property} constants.
 */
public interface NodeConfig {

    /**
     * The value of {@code property}, converted to its type, or its default when not configured.
     *
     * @param <T> the value type
     * @param property the property to read
     * @return the value, or null if neither configured nor defaulted
     * @throws IllegalArgumentException if the configured value has the wrong type
     */
    <T> T get(Property<T> property);

    /**
     * The whole configuration as plain JSON values.
     *
     * @return an unmodifiable map
     */
    Map<String, Object> asMap();

    /**
     * A configuration backed by a plain map (for tests and tools).
     *
     * @param values the configured values
     * @return the configuration
     */
    static NodeConfig of(Map<String, Object> values) {
        Map<String, Object> copy = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
        return new NodeConfig() {
            @Override
            public <T> T get(Property<T> property) {
                return Property.read(property, copy);
            }

            @Override
            public Map<String, Object> asMap() {
                return copy;
            }
        };
    }
}
