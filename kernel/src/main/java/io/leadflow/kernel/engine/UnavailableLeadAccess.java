package io.leadflow.kernel.engine;

import io.leadflow.api.node.LeadAccess;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Lead access for node runs until the lead store is wired to the engine: every call fails with a
 * clear error (the node run fails), rather than pretending to find or store anything.
 */
public final class UnavailableLeadAccess implements LeadAccess {
    private static CompletableFuture<Object> unavailable() {
        return CompletableFuture.failedFuture(new UnsupportedOperationException(
                "lead access from workflow nodes is not wired to the lead store yet"));
    }

    @Override
    @SuppressWarnings("unchecked")
    public CompletionStage<Optional<Map<String, Object>>> find(String leadId) {
        return (CompletionStage<Optional<Map<String, Object>>>) (CompletionStage<?>) unavailable();
    }

    @Override
    @SuppressWarnings("unchecked")
    public CompletionStage<Optional<Map<String, Object>>> findByEmail(String email) {
        return (CompletionStage<Optional<Map<String, Object>>>) (CompletionStage<?>) unavailable();
    }

    @Override
    @SuppressWarnings("unchecked")
    public CompletionStage<Optional<Map<String, Object>>> findByPhone(String phone) {
        return (CompletionStage<Optional<Map<String, Object>>>) (CompletionStage<?>) unavailable();
    }

    @Override
    @SuppressWarnings("unchecked")
    public CompletionStage<Map<String, Object>> upsert(Map<String, Object> fields) {
        return (CompletionStage<Map<String, Object>>) (CompletionStage<?>) unavailable();
    }

    @Override
    @SuppressWarnings("unchecked")
    public CompletionStage<Map<String, Object>> update(String leadId, Map<String, Object> changes) {
        return (CompletionStage<Map<String, Object>>) (CompletionStage<?>) unavailable();
    }
}
