package io.leadflow.api.node;

/**
 * A sub-workflow run through {@link WorkflowRunner} ended without success.
 *
 * @since 1.2
 */
public final class SubWorkflowFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The failed sub-workflow execution's id. */
    private final String executionId;

    /**
     * @param executionId the sub-workflow's execution
     * @param message     why it ended without success
     */
    public SubWorkflowFailedException(String executionId, String message) {
        super(message);
        this.executionId = executionId;
    }

    /** @return the sub-workflow's execution id */
    public String executionId() {
        return executionId;
    }
}
