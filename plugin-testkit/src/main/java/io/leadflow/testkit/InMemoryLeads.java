package io.leadflow.testkit;

import io.leadflow.api.node.LeadAccess;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Leads in memory, deduplicated on an address in {@code emails} / {@code phones} (the kernel's
 * shape) or a single {@code email} / {@code phone} like the kernel (without its normalisation,
 * encryption or list merging: an upsert's members replace the stored ones): enough to test a node
 * that reads or writes leads.
 */
public final class InMemoryLeads implements LeadAccess {
    private final Map<String, Map<String, Object>> leads = new ConcurrentHashMap<>();

    /** @return every lead, for assertions */
    public List<Map<String, Object>> all() {
        return List.copyOf(leads.values());
    }

    @Override
    public CompletionStage<Optional<Map<String, Object>>> find(String leadId) {
        return CompletableFuture.completedFuture(Optional.ofNullable(leads.get(leadId)));
    }

    @Override
    public CompletionStage<Optional<Map<String, Object>>> findByEmail(String email) {
        return CompletableFuture.completedFuture(match("email", email));
    }

    @Override
    public CompletionStage<Optional<Map<String, Object>>> findByPhone(String phone) {
        return CompletableFuture.completedFuture(match("phone", phone));
    }

    @Override
    public synchronized CompletionStage<Map<String, Object>> upsert(Map<String, Object> fields) {
        Optional<Map<String, Object>> existing = match("email", fields.get("email"))
                .or(() -> match("phone", fields.get("phone")));
        for (String kind : List.of("email", "phone")) {
            if (existing.isEmpty() && fields.get(kind + "s") instanceof List<?> values) {
                for (Object value : values) {
                    existing = existing.or(() -> match(kind, value));
                }
            }
        }
        Map<String, Object> lead = new LinkedHashMap<>(existing.orElseGet(LinkedHashMap::new));
        lead.putAll(fields);
        lead.putIfAbsent("id", UUID.randomUUID().toString());
        leads.put(lead.get("id").toString(), Map.copyOf(lead));
        return CompletableFuture.completedFuture(leads.get(lead.get("id").toString()));
    }

    @Override
    public synchronized CompletionStage<Map<String, Object>> update(String leadId, Map<String, Object> changes) {
        Map<String, Object> lead = leads.get(leadId);
        if (lead == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("no lead " + leadId));
        }
        Map<String, Object> updated = new LinkedHashMap<>(lead);
        updated.putAll(changes);
        leads.put(leadId, Map.copyOf(updated));
        return CompletableFuture.completedFuture(leads.get(leadId));
    }

    private Optional<Map<String, Object>> match(String field, Object value) {
        if (value == null) {
            return Optional.empty();
        }
        return leads.values().stream().filter(lead -> Objects.equals(lead.get(field), value)
                || lead.get(field + "s") instanceof List<?> values && values.contains(value)).findFirst();
    }
}
