package io.leadflow.kernel.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A saved workflow version indexed for running: nodes by id and by name, and for each output port
 * the input ports it feeds. Versions are immutable, so a compiled one is cached for good.
 */
final class CompiledWorkflow {

    /** A node's configuration as plain values, and whether it holds {@code {{ }}} templates. */
    record NodeConfigValues(Map<String, Object> values, boolean templated) {
    }

    private final Map<String, NodeConfigValues> configs = new java.util.concurrent.ConcurrentHashMap<>();

    /** An edge's far end. */
    record Target(String nodeId, String port) {
    }

    private final Map<String, JsonNode> nodes = new HashMap<>();
    private final Map<String, String> idsByName = new HashMap<>();
    private final Map<String, List<Target>> targets = new HashMap<>();
    private final Map<String, Set<String>> inputPorts = new HashMap<>();
    private final Set<String> joins = new java.util.HashSet<>();
    private final JsonNode settings;
    private final JsonNode pinData;
    private final Map<String, List<io.leadflow.api.node.Item>> pinned = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Set<String>> leadingTo = new java.util.concurrent.ConcurrentHashMap<>();
    private String firstNode;

    /**
     * @param loopsBack whether a node type takes items coming back from a loop body (it runs on
     *                  every arrival instead of waiting for all its inputs)
     */
    CompiledWorkflow(JsonNode document, Predicate<String> loopsBack) {
        this.settings = document.path("settings");
        this.pinData = document.path("pinData");
        for (JsonNode node : document.get("nodes")) {
            nodes.put(node.get("id").asText(), node);
            idsByName.put(node.get("name").asText(), node.get("id").asText());
        }
        for (JsonNode edge : document.get("edges")) {
            String key = edge.get("from").get("node").asText() + "\u0000" + edge.get("from").get("port").asText();
            targets.computeIfAbsent(key, k -> new ArrayList<>())
                    .add(new Target(edge.get("to").get("node").asText(), edge.get("to").get("port").asText()));
            inputPorts.computeIfAbsent(edge.get("to").get("node").asText(), k -> new LinkedHashSet<>())
                    .add(edge.get("to").get("port").asText());
        }
        inputPorts.forEach((nodeId, ports) -> {
            JsonNode node = nodes.get(nodeId);
            if (ports.size() > 1 && node != null && !loopsBack.test(node.get("type").asText())) {
                joins.add(nodeId);
            }
        });
    }

    /** A node's configuration, converted once: versions are immutable. */
    NodeConfigValues config(String nodeId, com.fasterxml.jackson.databind.ObjectMapper json) {
        return configs.computeIfAbsent(nodeId, id -> {
            JsonNode node = nodes.get(id);
            Map<String, Object> values = node.has("config")
                    ? json.convertValue(node.get("config"), new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { })
                    : Map.of();
            return new NodeConfigValues(java.util.Collections.unmodifiableMap(values), Templates.hasTemplates(values));
        });
    }

    /**
     * The items pinned as a node's output for test runs, or null when none are: converted once,
     * as versions are immutable.
     */
    List<io.leadflow.api.node.Item> pinned(String nodeId, com.fasterxml.jackson.databind.ObjectMapper json) {
        JsonNode items = pinData.get(nodeId);
        if (items == null || !items.isArray()) {
            return null;
        }
        return pinned.computeIfAbsent(nodeId, id -> {
            List<io.leadflow.api.node.Item> converted = new ArrayList<>();
            for (JsonNode item : items) {
                converted.add(io.leadflow.api.node.Item.of(json.convertValue(item,
                        new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { })));
            }
            return List.copyOf(converted);
        });
    }

    /** Whether a path of edges leads from {@code nodeId} to {@code target} (a node leads to itself). */
    boolean leadsTo(String nodeId, String target) {
        return leadingTo.computeIfAbsent(target, this::nodesLeadingTo).contains(nodeId);
    }

    /** The target and every node upstream of it. */
    private Set<String> nodesLeadingTo(String target) {
        Map<String, List<String>> sources = new HashMap<>();
        targets.forEach((key, list) -> {
            String from = key.substring(0, key.indexOf('\u0000'));
            list.forEach(to -> sources.computeIfAbsent(to.nodeId(), k -> new ArrayList<>()).add(from));
        });
        Set<String> found = new java.util.HashSet<>();
        java.util.ArrayDeque<String> open = new java.util.ArrayDeque<>(List.of(target));
        while (!open.isEmpty()) {
            String next = open.pop();
            if (found.add(next)) {
                open.addAll(sources.getOrDefault(next, List.of()));
            }
        }
        return found;
    }

    /** The workflow's settings (an empty node when it has none). */
    JsonNode settings() {
        return settings;
    }

    /** The first node no edge leads into: where a run without a named trigger starts. */
    String firstNode(JsonNode document) {
        if (firstNode == null) {
            for (JsonNode node : document.get("nodes")) {
                if (!inputPorts.containsKey(node.get("id").asText())) {
                    firstNode = node.get("id").asText();
                    break;
                }
            }
        }
        return firstNode;
    }

    /** Whether the node waits for items on all its connected input ports before it runs (a merge). */
    boolean joins(String nodeId) {
        return joins.contains(nodeId);
    }

    /** The input ports edges lead into. */
    Set<String> inputPortsOf(String nodeId) {
        return inputPorts.getOrDefault(nodeId, Set.of());
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
