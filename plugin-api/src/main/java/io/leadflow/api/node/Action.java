package io.leadflow.api.node;

import java.util.concurrent.CompletionStage;

/**
 * A node that does something with the items it receives: call an API, transform data, branch,
 * wait. It must not block the calling thread: I/O goes through {@link NodeContext#http()} and the
 * result is completed when the I/O is.
 */
public interface Action extends Node {

    /**
     * Runs the node once for the items that reached its input ports.
     *
     * @param input the items per input port
     * @param context this run's configuration, ids, credential and services
     * @return the result: items per output port, a wait, or a failure
     */
    CompletionStage<NodeResult> execute(NodeInput input, NodeContext context);
}
