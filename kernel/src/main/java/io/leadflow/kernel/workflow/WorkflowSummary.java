package io.leadflow.kernel.workflow;

import java.time.Instant;
import java.util.UUID;

/**
 * A workflow as lists show it.
 *
 * @param id the id
 * @param name the name of its latest version
 * @param latestVersion the newest saved version
 * @param activeVersion the live version, or null if inactive
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 */
public record WorkflowSummary(UUID id, String name, int latestVersion, Integer activeVersion, Instant createdAt,
                              Instant updatedAt) {

    static WorkflowSummary of(WorkflowRow row) {
        return new WorkflowSummary(row.id, row.name, row.latestVersion, row.activeVersion, row.createdAt, row.updatedAt);
    }
}
