package io.leadflow.api.node;

import io.leadflow.api.channel.ChannelException;
import io.leadflow.api.code.CodeException;
import io.leadflow.api.code.CodeSandbox;
import io.leadflow.api.credential.Credential;
import io.leadflow.api.http.HttpClient;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What a node run is given by the kernel: who it is, its configuration, the one credential its
 * node is configured with, and services that are safe to use from plugin code.
 */
public interface NodeContext {

    /** @return the workflow's id */
    String workflowId();

    /** @return the execution's id */
    String executionId();

    /** @return the node's id within the workflow */
    String nodeId();

    /**
     * A key that is the same for every attempt of this node run and differs between runs; pass it
     * to providers that accept an idempotency key, so a retry never sends twice.
     *
     * @return the idempotency key
     */
    String idempotencyKey();

    /** @return which attempt this is, starting at 1 */
    int attempt();

    /** @return the configuration, expressions evaluated */
    NodeConfig config();

    /**
     * The decrypted credential this node is configured with; a node never sees any other.
     *
     * @return the credential, or empty if the node has none configured
     */
    Optional<Credential> credential();

    /** @return a logger tagged with this run */
    NodeLogger logger();

    /**
     * The kernel's HTTP client for this run: a timeout (30 s unless the request sets one), a circuit
     * breaker per endpoint and credential (opened by repeated failures, then failing calls at once),
     * and a guard against requests to internal addresses. It does not retry a request itself: return
     * {@link NodeResult#retryableFailure(String)} (or let the stage fail) and the kernel runs the node
     * again under its {@link RetryPolicy}, with the same {@link #idempotencyKey()}.
     *
     * @return the HTTP client
     */
    HttpClient http();

    /** @return this plugin's durable key-value state */
    KeyValueStore state();

    /** @return audited access to leads */
    LeadAccess leads();

    /**
     * Runs other workflows as sub-workflows. Kernels before API 1.2 do not offer it.
     *
     * @return the runner of sub-workflows
     * @throws UnsupportedOperationException if the kernel does not offer it
     * @since 1.2
     */
    default WorkflowRunner workflows() {
        throw new UnsupportedOperationException("this kernel cannot run sub-workflows");
    }

    /**
     * Channel-agnostic messaging to leads, with consent enforced by the kernel. The default, for
     * hosts that offer no messaging, fails every send with a non-retryable {@link ChannelException}
     * of code {@code unsupported}.
     *
     * @return the lead messaging service
     * @since node 1.2.0
     */
    default Messages messages() {
        return (leadId, channel, subject, text, html, idempotencyKey) -> CompletableFuture.failedFuture(
                new ChannelException("this host offers no messaging", false, "unsupported"));
    }

    /**
     * The kernel's sandbox for running a user's own code in a confined process. A node that uses it
     * declares {@link HostCapability#CODE_SANDBOX} in its descriptor, so a kernel without a working
     * sandbox shows it as unavailable instead of running it. The default, for hosts without one,
     * fails every run with {@link CodeException#UNAVAILABLE}.
     *
     * @return the code sandbox
     * @since node 1.4.0
     */
    default CodeSandbox code() {
        return request -> CompletableFuture.failedFuture(new CodeException(CodeException.UNAVAILABLE,
                "this host cannot run code in a sandbox", false, java.util.List.of()));
    }
}
