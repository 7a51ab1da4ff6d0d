package io.leadflow.kernel.message;

import io.leadflow.api.channel.SendOptions;
import io.leadflow.api.channel.SendReceipt;
import io.leadflow.api.credential.Credential;
import io.leadflow.api.node.LeadAccess;
import io.leadflow.api.node.Messages;
import io.leadflow.kernel.audit.Actor;
import io.leadflow.kernel.http.ProblemException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The lead access of one node run together with its lead messaging. The engine hands node runs a
 * {@link LeadAccess} only, so messaging rides along with it and {@code EngineNodeContext} asks for
 * it with {@link #messages(Optional)}. Lead access calls go to the wrapped access; a refusal of the
 * lead store (a 4xx problem: invalid field, unknown lead, duplicate contact) reaches the plugin as
 * an {@link IllegalArgumentException} with the problem's detail, which plugins can see and treat
 * as permanent, rather than a kernel type they cannot load.
 */
public final class RunServices implements LeadAccess {
    private final LeadAccess leads;
    private final MessageService messages;
    private final Actor actor;
    private final UUID executionId;
    private final Executor executor;

    public RunServices(LeadAccess leads, MessageService messages, String executionId, String workflowId,
                       Executor executor) {
        this.leads = leads;
        this.messages = messages;
        this.actor = new Actor("workflow", executionId, "workflow " + workflowId, null);
        this.executionId = UUID.fromString(executionId);
        this.executor = executor;
    }

    /** Set when a send of this run was refused for quiet hours: when they end. */
    private volatile Instant deferredUntil;

    /** When a send of this node run may go, if one was held back by quiet hours. */
    public Optional<Instant> deferredUntil() {
        return Optional.ofNullable(deferredUntil);
    }

    private CompletionStage<SendReceipt> watched(CompletableFuture<SendReceipt> send) {
        return send.whenComplete((receipt, error) -> {
            Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            if (cause instanceof MessageService.QuietHoursDeferral deferral) {
                deferredUntil = deferral.until();
            }
        });
    }

    /** Messaging for the run, sending with the node's credential when it fits the channel. */
    public Messages messages(Optional<Credential> nodeCredential) {
        return new Messages() {
            @Override
            public CompletionStage<SendReceipt> send(String leadId, String channel, String subject, String text,
                                                     String html, String idempotencyKey) {
                return watched(messages.send(actor, executionId, nodeCredential, leadId, channel, subject, text, html,
                        SendOptions.none(), idempotencyKey, executor));
            }

            @Override
            public CompletionStage<SendReceipt> send(String leadId, String channel, String text, SendOptions options,
                                                     String idempotencyKey) {
                return watched(messages.send(actor, executionId, nodeCredential, leadId, channel, null, text, null, options,
                        idempotencyKey, executor));
            }
        };
    }

    /** @return the wrapped lead access */
    public LeadAccess leads() {
        return leads;
    }

    @Override
    public CompletionStage<Optional<Map<String, Object>>> find(String leadId) {
        return refusalsAsArguments(leads.find(leadId));
    }

    @Override
    public CompletionStage<Optional<Map<String, Object>>> findByEmail(String email) {
        return refusalsAsArguments(leads.findByEmail(email));
    }

    @Override
    public CompletionStage<Optional<Map<String, Object>>> findByPhone(String phone) {
        return refusalsAsArguments(leads.findByPhone(phone));
    }

    @Override
    public CompletionStage<Map<String, Object>> upsert(Map<String, Object> fields) {
        return refusalsAsArguments(leads.upsert(fields));
    }

    @Override
    public CompletionStage<Map<String, Object>> update(String leadId, Map<String, Object> changes) {
        return refusalsAsArguments(leads.update(leadId, changes));
    }

    private static <T> CompletionStage<T> refusalsAsArguments(CompletionStage<T> stage) {
        return stage.exceptionallyCompose(error -> {
            Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            if (cause instanceof ProblemException problem && problem.status() < 500) {
                return CompletableFuture.failedFuture(new IllegalArgumentException(problem.getMessage()));
            }
            return CompletableFuture.failedFuture(cause);
        });
    }
}
