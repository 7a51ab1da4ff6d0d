package io.leadflow.api.code;

import java.util.concurrent.CompletionStage;

/**
 * The kernel's sandbox for user code: each run happens in a separate, confined process (no
 * network, no files of the host, no environment, limited memory, CPU, processes and output) and
 * hands back plain JSON values. Obtain it with {@link io.leadflow.api.node.NodeContext#code()}.
 *
 * @since code 1.0.0
 */
public interface CodeSandbox {

    /**
     * Runs the request's source. The returned stage completes with the result, or exceptionally
     * with a {@link CodeException} whose {@link CodeException#code() code} says why; it always
     * completes, at the latest shortly after the request's timeout.
     *
     * @param request what to run
     * @return the result of the run
     */
    CompletionStage<CodeResult> run(CodeRequest request);
}
