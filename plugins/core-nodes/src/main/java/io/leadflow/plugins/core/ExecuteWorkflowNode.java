package io.leadflow.plugins.core;

import io.leadflow.api.node.Action;
import io.leadflow.api.node.Item;
import io.leadflow.api.node.NodeContext;
import io.leadflow.api.node.NodeDescriptor;
import io.leadflow.api.node.NodeInput;
import io.leadflow.api.node.NodeResult;
import io.leadflow.api.node.Property;
import io.leadflow.api.node.SubWorkflowFailedException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.pf4j.Extension;

/**
 * Runs another workflow with this node's items and emits what its last step produced. The call
 * is keyed by the node run's idempotency key, so a retry after a crash joins the same sub-run.
 */
@Extension
public final class ExecuteWorkflowNode implements Action {
    /** The workflow to run (its latest version, from its first node). */
    static final Property<String> WORKFLOW = Property.string("workflowId").label("Workflow id").required()
            .expressions().placeholder("6f1c…").build();

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.action("core.execute-workflow")
            .label("Execute workflow")
            .description("Runs another workflow with these items and continues with its result.")
            .category("Core")
            .icon("workflow")
            .properties(WORKFLOW)
            .build();

    /** Creates the node; PF4J instantiates it once per plugin start. */
    public ExecuteWorkflowNode() {
        // stateless: everything comes from the node context
    }

    /** {@inheritDoc} */
    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /** {@inheritDoc} */
    @Override
    public CompletionStage<NodeResult> execute(NodeInput input, NodeContext context) {
        String workflowId = context.config().get(WORKFLOW);
        CompletionStage<List<Item>> run;
        try {
            run = context.workflows().run(workflowId, input.items(), context.idempotencyKey());
        } catch (UnsupportedOperationException e) {
            return CompletableFuture.completedFuture(Items.permanent("unsupported", e.getMessage()));
        }
        return run.handle((items, error) -> {
            if (error == null) {
                return NodeResult.items(items);
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof SubWorkflowFailedException failed) {
                return Items.permanent("sub_workflow_failed", failed.getMessage());
            }
            if (cause instanceof IllegalArgumentException) {
                return Items.permanent("invalid_config", cause.getMessage());
            }
            return NodeResult.retryableFailure("the sub-workflow could not run: " + cause.getMessage());
        });
    }
}
