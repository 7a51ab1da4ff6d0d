package io.leadflow.plugins.core;

import io.leadflow.api.node.Item;
import io.leadflow.api.node.NodeResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small conversions between plain JSON values and items, shared by several nodes. */
final class Items {
    private Items() {
    }

    /**
     * An object becomes the item itself; any other value is wrapped as {@code {value: ...}}, so a
     * list of strings still yields one item per string.
     */
    static Item asItem(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> json = new LinkedHashMap<>();
            map.forEach((key, member) -> json.put(String.valueOf(key), member));
            return Item.of(json);
        }
        Map<String, Object> wrapped = new LinkedHashMap<>();
        wrapped.put("value", value);
        return Item.of(wrapped);
    }

    /** Items per output port, in the order given; ports with no items are still listed. */
    static NodeResult emit(Map<String, List<Item>> byPort) {
        return new NodeResult.Emit(new LinkedHashMap<>(byPort));
    }

    /** A permanent failure with a stable code. */
    static NodeResult.Failure permanent(String code, String message) {
        return new NodeResult.Failure(message, false, code, Map.of());
    }
}
