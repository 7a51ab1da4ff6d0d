package io.leadflow.kernel.engine;

import io.leadflow.api.node.Item;
import io.leadflow.api.node.SubWorkflowFailedException;
import io.leadflow.api.node.WorkflowRunner;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Sub-workflows for nodes: the child execution's id is derived from the caller's key, so a node
 * run again after a crash joins the child it started instead of starting another.
 */
final class SubWorkflows implements WorkflowRunner {
    private final Engine engine;

    SubWorkflows(Engine engine) {
        this.engine = engine;
    }

    @Override
    public CompletionStage<List<Item>> run(String workflowId, List<Item> items, String key) {
        UUID workflow;
        try {
            workflow = UUID.fromString(workflowId);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("'" + workflowId + "' is not a workflow id"));
        }
        UUID childId = UUID.nameUUIDFromBytes(("sub-workflow:" + key).getBytes(StandardCharsets.UTF_8));
        try {
            engine.startOnce(childId, workflow, items);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("the sub-workflow could not start: "
                    + e.getMessage(), e));
        }
        return engine.whenFinished(childId).thenApply(finished -> {
            if (!"succeeded".equals(finished.status)) {
                throw new SubWorkflowFailedException(childId.toString(), "sub-workflow execution " + childId + " "
                        + finished.status + (finished.error == null ? "" : ": " + finished.error));
            }
            return engine.lastOutput(childId);
        });
    }
}
