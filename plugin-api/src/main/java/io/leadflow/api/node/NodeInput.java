package io.leadflow.api.node;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The items that reached a node's input ports for one run.
 *
 * @param byPort items per input port name
 */
public record NodeInput(Map<String, List<Item>> byPort) {

    /**
     * Copies the map and lists.
     *
     * @param byPort items per input port name
     */
    public NodeInput {
        Map<String, List<Item>> copy = new LinkedHashMap<>();
        byPort.forEach((port, items) -> copy.put(port, List.copyOf(items)));
        byPort = java.util.Collections.unmodifiableMap(copy);
    }

    /**
     * Input with items on the {@code main} port only.
     *
     * @param items the items
     * @return the input
     */
    public static NodeInput of(List<Item> items) {
        return new NodeInput(Map.of(Port.MAIN, items));
    }

    /**
     * The items on the {@code main} port.
     *
     * @return the items, possibly empty
     */
    public List<Item> items() {
        return items(Port.MAIN);
    }

    /**
     * The items on a named port.
     *
     * @param port the input port's name
     * @return the items, possibly empty
     */
    public List<Item> items(String port) {
        return byPort.getOrDefault(port, List.of());
    }
}
