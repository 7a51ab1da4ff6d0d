package io.leadflow.kernel.lead;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadflow.api.node.LeadAccess;
import io.leadflow.kernel.audit.Actor;
import io.leadflow.kernel.http.ProblemException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Lead access for one node run: the lead store, with every read and write audited against the
 * workflow execution (actor type {@code workflow}), run off the node's thread.
 */
public final class ExecutionLeadAccess implements LeadAccess {
    private final LeadService leads;
    private final ObjectMapper json;
    private final Actor actor;
    private final Executor executor;

    public ExecutionLeadAccess(LeadService leads, ObjectMapper json, String executionId, String workflowId,
                               Executor executor) {
        this.leads = leads;
        this.json = json;
        this.actor = new Actor("workflow", executionId, "workflow " + workflowId, null);
        this.executor = executor;
    }

    @Override
    public CompletionStage<Optional<Map<String, Object>>> find(String leadId) {
        return CompletableFuture.supplyAsync(() -> {
            UUID id;
            try {
                id = UUID.fromString(leadId);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            try {
                return Optional.of(toMap(leads.get(actor, id)));
            } catch (ProblemException e) {
                if (e.status() == 404) {
                    return Optional.empty();
                }
                throw e;
            }
        }, executor);
    }

    @Override
    public CompletionStage<Optional<Map<String, Object>>> findByEmail(String email) {
        return first(new LeadService.LeadQuery(null, email, null, null, null, null, null, null, null, 1, null));
    }

    @Override
    public CompletionStage<Optional<Map<String, Object>>> findByPhone(String phone) {
        return first(new LeadService.LeadQuery(null, null, phone, null, null, null, null, null, null, 1, null));
    }

    @Override
    public CompletionStage<Map<String, Object>> upsert(Map<String, Object> fields) {
        return CompletableFuture.supplyAsync(() -> toMap(leads.create(actor, json.valueToTree(fields)).lead()), executor);
    }

    @Override
    public CompletionStage<Map<String, Object>> update(String leadId, Map<String, Object> changes) {
        return CompletableFuture.supplyAsync(() -> toMap(leads.update(actor, UUID.fromString(leadId),
                json.valueToTree(changes))), executor);
    }

    private CompletionStage<Optional<Map<String, Object>>> first(LeadService.LeadQuery query) {
        return CompletableFuture.supplyAsync(() -> {
            List<LeadView> items = leads.list(actor, query).items();
            return items.isEmpty() ? Optional.<Map<String, Object>>empty() : Optional.of(toMap(items.get(0)));
        }, executor);
    }

    private Map<String, Object> toMap(LeadView lead) {
        return json.convertValue(lead, new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { });
    }
}
