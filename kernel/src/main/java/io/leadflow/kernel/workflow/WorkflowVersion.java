package io.leadflow.kernel.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;

/**
 * One version of a workflow with its document.
 *
 * @param workflow the workflow's summary
 * @param version the version number
 * @param active whether this version is the live one
 * @param savedAt when this version was saved
 * @param savedBy who saved it, or null
 * @param document the workflow document
 */
public record WorkflowVersion(WorkflowSummary workflow, int version, boolean active, Instant savedAt, UUID savedBy,
                              JsonNode document) {
}
