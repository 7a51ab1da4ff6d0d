package io.leadflow.kernel.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ArrayList;

/**
 * A saved workflow version indexed for running: nodes by id and by name, and for each output port
 * the input ports it feeds. Versions are immutable, so a compiled one is cached for good.
 */
final class CompiledWorkflow {

    /** An edge's far end. */
    record Target(String nodeId, String port) {
    }

    private final Map<String, JsonNode> nodes = new HashMap<>();
    private final Map<String, String> idsByName = new HashMap<>();
    private final Map<String, List<Target>> targets = new HashMap<>();

    CompiledWorkflow(JsonNode document) {
        for (JsonNode node : document.get("nodes")) {
            nodes.put(node.get("id").asText(), node);
            idsByName.put(node.get("name").asText(), node.get("id").asText());
        }
        for (JsonNode edge : document.get("edges")) {
            String key = edge.get("from").get("node").asText() + "\u0000" + edge.get("from").get("port").asText();
            targets.computeIfAbsent(key, k -> new ArrayList<>())
                    .add(new Target(edge.get("to").get("node").asText(), edge.get("to").get("port").asText()));
        }
    }

    JsonNode node(String id) {
        return nodes.get(id);
    }

    Map<String, String> idsByName() {
        return idsByName;
    }

    List<Target> targetsOf(String nodeId, String port) {
        return targets.getOrDefault(nodeId + "\u0000" + port, List.of());
    }
}
