package io.leadflow.kernel.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadflow.api.node.Property;
import io.leadflow.kernel.audit.Actor;
import io.leadflow.kernel.plugin.NodeRegistry;
import io.leadflow.kernel.plugin.WorkflowGuard;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps plugin changes from breaking active workflows: who uses a plugin's node types, and
 * whether the active versions still fit a new version's descriptors. A key the new descriptor
 * does not know is a violation too: the node would silently ignore it.
 */
public final class ActiveWorkflowGuard implements WorkflowGuard {
    private final WorkflowService workflows;
    private final WorkflowValidator validator;
    private final NodeRegistry registry;
    private final ObjectMapper json;

    public ActiveWorkflowGuard(WorkflowService workflows, WorkflowValidator validator, NodeRegistry registry,
                               ObjectMapper json) {
        this.workflows = workflows;
        this.validator = validator;
        this.registry = registry;
        this.json = json;
    }

    @Override
    public List<WorkflowUse> usersOf(Set<String> typeIds) {
        List<WorkflowUse> users = new ArrayList<>();
        for (WorkflowVersion active : workflows.activeVersions()) {
            List<String> nodes = new ArrayList<>();
            active.document().path("nodes").forEach(node -> {
                if (typeIds.contains(node.path("type").asText())) {
                    nodes.add(node.path("id").asText());
                }
            });
            if (!nodes.isEmpty()) {
                users.add(new WorkflowUse(active.workflow().id(), active.workflow().name(), nodes));
            }
        }
        return users;
    }

    @Override
    public UpgradePlan planUpgrade(Set<String> typeIds, Map<String, Integer> previousVersions) {
        List<UpgradeViolation> violations = new ArrayList<>();
        List<Migration> migrations = new ArrayList<>();
        for (WorkflowVersion active : workflows.activeVersions()) {
            ObjectNode document = active.document().deepCopy();
            JsonNode nodes = document.path("nodes");
            // the schema check sees the document without the keys already reported one by one
            ObjectNode checked = active.document().deepCopy();
            Set<Integer> affected = new HashSet<>();
            List<String> migrated = new ArrayList<>();
            for (int i = 0; i < nodes.size(); i++) {
                ObjectNode node = (ObjectNode) nodes.get(i);
                String type = node.path("type").asText();
                if (!typeIds.contains(type)) {
                    continue;
                }
                affected.add(i);
                String at = "/nodes/" + i;
                Optional<NodeRegistry.RegisteredNode> now = registry.node(type);
                if (now.isEmpty()) {
                    violations.add(violation(active, node, at + "/type",
                            "node type '" + type + "' is not in the new version of its plugin"));
                    continue;
                }
                int savedWith = node.has("typeVersion") ? node.get("typeVersion").asInt()
                        : previousVersions.getOrDefault(type, now.get().descriptor().version());
                int current = now.get().descriptor().version();
                if (current > savedWith) {
                    try {
                        Map<String, Object> config = now.get().node().migrateConfig(savedWith, plain(node.get("config")));
                        node.set("config", json.valueToTree(config == null ? Map.of() : config));
                        node.put("typeVersion", current);
                        migrated.add(node.path("id").asText());
                    } catch (RuntimeException e) {
                        violations.add(violation(active, node, at + "/config", "migrating the configuration from "
                                + "version " + savedWith + " to " + current + " failed: " + e));
                        continue;
                    }
                }
                ObjectNode checkedNode = (ObjectNode) checked.path("nodes").get(i);
                if (node.has("config")) {
                    checkedNode.set("config", node.get("config").deepCopy());
                }
                if (node.has("typeVersion")) {
                    checkedNode.set("typeVersion", node.get("typeVersion"));
                }
                for (String key : unknownKeys(active, node, at, now.get(), violations)) {
                    ((ObjectNode) checkedNode.path("config")).remove(key);
                }
            }
            for (Violation found : validator.validate(checked)) {
                Integer index = nodeIndex(found.pointer());
                if (index != null && affected.contains(index)) {
                    violations.add(violation(active, nodes.get(index), found.pointer(), found.detail()));
                }
            }
            if (!migrated.isEmpty()) {
                migrations.add(new Migration(active.workflow().id(), active.workflow().name(), document, migrated));
            }
        }
        return new UpgradePlan(violations, migrations);
    }

    @Override
    public void apply(Actor actor, UpgradePlan plan) {
        for (Migration migration : plan.migrations()) {
            WorkflowVersion saved = workflows.save(actor, null, migration.workflowId(), migration.document());
            workflows.activate(actor, migration.workflowId(), saved.version());
        }
    }

    /** Reports, and answers, the configuration keys the node's new descriptor does not know. */
    private List<String> unknownKeys(WorkflowVersion active, JsonNode node, String at, NodeRegistry.RegisteredNode now,
                                     List<UpgradeViolation> violations) {
        Set<String> known = new HashSet<>();
        for (Property<?> property : now.descriptor().properties()) {
            known.add(property.id());
        }
        List<String> unknown = new ArrayList<>();
        node.path("config").fieldNames().forEachRemaining(key -> {
            if (!known.contains(key)) {
                unknown.add(key);
                violations.add(violation(active, node, at + "/config/" + key, "'" + key + "' is not a property of '"
                        + now.descriptor().typeId() + "' version " + now.descriptor().version() + " (plugin version "
                        + now.pluginVersion() + "): the node would ignore it"));
            }
        });
        return unknown;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> plain(JsonNode config) {
        return config == null || !config.isObject() ? new java.util.LinkedHashMap<>()
                : json.convertValue(config, java.util.LinkedHashMap.class);
    }

    private static Integer nodeIndex(String pointer) {
        if (pointer == null || !pointer.startsWith("/nodes/")) {
            return null;
        }
        String rest = pointer.substring("/nodes/".length());
        int slash = rest.indexOf('/');
        try {
            return Integer.parseInt(slash < 0 ? rest : rest.substring(0, slash));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static UpgradeViolation violation(WorkflowVersion active, JsonNode node, String pointer, String message) {
        return new UpgradeViolation(active.workflow().id(), active.workflow().name(), node.path("id").asText(),
                pointer, message);
    }
}
