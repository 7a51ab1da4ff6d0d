package io.leadflow.api.node;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One unit of data flowing between nodes: a JSON object of plain values (String, Number, Boolean,
 * List, Map, null). Nodes never modify an item they received; they emit new ones.
 *
 * @param json the item's data
 */
public record Item(Map<String, Object> json) {

    /**
     * Copies the map (shallowly) and makes it unmodifiable.
     *
     * @param json the item's data
     */
    public Item {
        json = Collections.unmodifiableMap(new LinkedHashMap<>(json == null ? Map.of() : json));
    }

    /**
     * An item of the given data.
     *
     * @param json the data
     * @return the item
     */
    public static Item of(Map<String, ?> json) {
        return new Item(new LinkedHashMap<>(json));
    }

    /**
     * A member of the item's data.
     *
     * @param key the member's name
     * @return its value, or null
     */
    public Object get(String key) {
        return json.get(key);
    }
}
