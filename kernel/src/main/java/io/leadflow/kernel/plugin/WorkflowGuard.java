package io.leadflow.kernel.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadflow.kernel.audit.Actor;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What the active workflows need of a plugin, asked before it is stopped, uninstalled or replaced.
 * The workflow feature answers: the plugin feature cannot see workflows (they depend on it).
 */
public interface WorkflowGuard {
    /** No workflows to protect (a kernel without a workflow feature, tests of the plugin runtime). */
    WorkflowGuard NONE = new WorkflowGuard() {
        @Override
        public List<WorkflowUse> usersOf(Set<String> typeIds) {
            return List.of();
        }

        @Override
        public UpgradePlan planUpgrade(Set<String> typeIds, Map<String, Integer> previousVersions) {
            return new UpgradePlan(List.of(), List.of());
        }

        @Override
        public void apply(Actor actor, UpgradePlan plan) {
            // nothing to migrate
        }
    };

    /** The active workflows (their active versions) with nodes of these types. */
    List<WorkflowUse> usersOf(Set<String> typeIds);

    /**
     * Re-validates the active workflows' nodes of these types against the node registry as it is now
     * (the new version of the plugin started): types gone, configurations the new schema refuses and
     * keys the new descriptor does not know. A node whose descriptor version rose since
     * {@code previousVersions} is first migrated through its node's {@code migrateConfig}.
     */
    UpgradePlan planUpgrade(Set<String> typeIds, Map<String, Integer> previousVersions);

    /** Saves and activates the migrated workflows of a plan as new versions. */
    void apply(Actor actor, UpgradePlan plan);

    /** An active workflow and the ids of its nodes of a plugin. */
    record WorkflowUse(UUID id, String name, List<String> nodes) {
    }

    /** What an active workflow would lose: the node, the JSON pointer into its document, why. */
    record UpgradeViolation(UUID workflowId, String workflowName, String nodeId, String pointer, String message) {
    }

    /** A workflow whose configuration the new version's migration changed, as its next version. */
    record Migration(UUID workflowId, String workflowName, JsonNode document, List<String> nodes) {
    }

    /** The outcome of a check: nothing violated means the upgrade may go on, applying the migrations. */
    record UpgradePlan(List<UpgradeViolation> violations, List<Migration> migrations) {
    }
}
