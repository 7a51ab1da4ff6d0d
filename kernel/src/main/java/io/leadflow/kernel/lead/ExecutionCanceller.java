package io.leadflow.kernel.lead;

import java.util.UUID;

/**
 * Stops a running or waiting workflow execution; the engine's cancel, handed in so the lead store
 * does not depend on the engine. Throws {@code ProblemException} 409 if it already finished.
 */
@FunctionalInterface
public interface ExecutionCanceller {
    void cancel(UUID executionId);
}
