package io.leadflow.api.node;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Runs another workflow from a node, as a sub-workflow: its result becomes the node's output.
 *
 * @since 1.2
 */
public interface WorkflowRunner {

    /**
     * Starts the latest version of a workflow with the given items (at its first node) and
     * completes once it has finished: with the {@code main} items of its last successful node run
     * if it succeeded, exceptionally with {@link SubWorkflowFailedException} if it failed or was
     * canceled. The same {@code key} never starts the workflow twice: a node run again after a
     * crash with its idempotency key joins the execution it started the first time.
     *
     * @param workflowId the workflow to run
     * @param items      its input items
     * @param key        the call's deduplication key, normally {@link NodeContext#idempotencyKey()}
     * @return the sub-workflow's output items
     */
    CompletionStage<List<Item>> run(String workflowId, List<Item> items, String key);
}
