package io.leadflow.kernel.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadflow.kernel.audit.Actor;
import io.leadflow.kernel.audit.AuditEntry;
import io.leadflow.kernel.audit.AuditLog;
import io.leadflow.kernel.http.ProblemException;
import io.leadflow.kernel.realtime.EventBus;
import io.leadflow.kernel.store.Store;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Saves workflows as immutable versions after validation, activates one version, lists and reads
 * them. Each change is audited and published on {@code workflows} and {@code workflow:<id>}.
 */
public final class WorkflowService {
    public static final String TOPIC = "workflows";

    private final Store store;
    private final WorkflowValidator validator;
    private final AuditLog audit;
    private final EventBus events;
    private final ObjectMapper json;

    public WorkflowService(Store store, WorkflowValidator validator, AuditLog audit, EventBus events, ObjectMapper json) {
        this.store = store.register(WorkflowMapper.class);
        this.validator = validator;
        this.audit = audit;
        this.events = events;
        this.json = json;
    }

    /** Creates a workflow from a document; its first version. */
    public WorkflowVersion create(Actor actor, UUID userId, JsonNode document) {
        requireValid(document);
        WorkflowRow row = new WorkflowRow();
        row.id = UUID.randomUUID();
        row.name = document.get("name").asText();
        row.createdBy = userId;
        store.inTransaction(session -> {
            WorkflowMapper mapper = session.getMapper(WorkflowMapper.class);
            mapper.insert(row);
            mapper.insertVersion(version(row.id, 1, document, userId));
            audit.record(session, AuditEntry.of(actor, "workflow.created", AuditEntry.SUCCESS, "workflow",
                    row.id.toString(), Map.of("name", row.name, "version", 1)));
            return null;
        });
        publish(row.id, "workflow.saved", 1);
        return get(row.id, null);
    }

    /** Saves a new version of an existing workflow. */
    public WorkflowVersion save(Actor actor, UUID userId, UUID id, JsonNode document) {
        requireValid(document);
        int saved = store.inTransaction(session -> {
            WorkflowMapper mapper = session.getMapper(WorkflowMapper.class);
            WorkflowRow row = mapper.lock(id);
            if (row == null) {
                throw ProblemException.notFound("workflow", id.toString());
            }
            int next = row.latestVersion + 1;
            mapper.insertVersion(version(id, next, document, userId));
            mapper.bumpVersion(id, document.get("name").asText(), next);
            audit.record(session, AuditEntry.of(actor, "workflow.saved", AuditEntry.SUCCESS, "workflow",
                    id.toString(), Map.of("version", next)));
            return next;
        });
        publish(id, "workflow.saved", saved);
        return get(id, null);
    }

    /** Makes a version live (the latest if none is given). Re-validated: plugins may have changed. */
    public WorkflowSummary activate(Actor actor, UUID id, Integer version) {
        WorkflowVersion target = get(id, version);
        requireValid(target.document());
        if (target.document().get("nodes").findValues("type").stream()
                .noneMatch(type -> isTrigger(type.asText()))) {
            throw ProblemException.invalidField("/nodes", "a workflow needs at least one trigger to be activated");
        }
        store.inTransaction(session -> {
            session.getMapper(WorkflowMapper.class).setActiveVersion(id, target.version());
            audit.record(session, AuditEntry.of(actor, "workflow.activated", AuditEntry.SUCCESS, "workflow",
                    id.toString(), Map.of("version", target.version())));
            return null;
        });
        publish(id, "workflow.activated", target.version());
        return summary(id);
    }

    public WorkflowSummary deactivate(Actor actor, UUID id) {
        summary(id);
        store.inTransaction(session -> {
            session.getMapper(WorkflowMapper.class).setActiveVersion(id, null);
            audit.record(session, AuditEntry.of(actor, "workflow.deactivated", AuditEntry.SUCCESS, "workflow",
                    id.toString(), Map.of()));
            return null;
        });
        publish(id, "workflow.deactivated", null);
        return summary(id);
    }

    public void delete(Actor actor, UUID id) {
        store.inTransaction(session -> {
            if (session.getMapper(WorkflowMapper.class).softDelete(id) == 0) {
                throw ProblemException.notFound("workflow", id.toString());
            }
            audit.record(session, AuditEntry.of(actor, "workflow.deleted", AuditEntry.SUCCESS, "workflow",
                    id.toString(), Map.of()));
            return null;
        });
        publish(id, "workflow.deleted", null);
    }

    /** A version of a workflow (the latest if {@code version} is null). */
    public WorkflowVersion get(UUID id, Integer version) {
        WorkflowRow row = store.inTransaction(WorkflowMapper.class, mapper -> mapper.find(id));
        if (row == null) {
            throw ProblemException.notFound("workflow", id.toString());
        }
        int wanted = version == null ? row.latestVersion : version;
        WorkflowVersionRow saved = store.inTransaction(WorkflowMapper.class, mapper -> mapper.findVersion(id, wanted));
        if (saved == null) {
            throw ProblemException.notFound("workflow version", id + "@" + wanted);
        }
        return new WorkflowVersion(WorkflowSummary.of(row), wanted,
                row.activeVersion != null && row.activeVersion == wanted, saved.createdAt, saved.createdBy,
                read(saved.documentJson));
    }

    public WorkflowSummary summary(UUID id) {
        WorkflowRow row = store.inTransaction(WorkflowMapper.class, mapper -> mapper.find(id));
        if (row == null) {
            throw ProblemException.notFound("workflow", id.toString());
        }
        return WorkflowSummary.of(row);
    }

    /** The live version of every active workflow, for the trigger routes. */
    public List<WorkflowVersion> activeVersions() {
        return store.inTransaction(WorkflowMapper.class, WorkflowMapper::active).stream()
                .map(row -> get(row.id, row.activeVersion)).toList();
    }

    public List<Map<String, Object>> versions(UUID id) {
        WorkflowSummary workflow = summary(id);
        return store.inTransaction(WorkflowMapper.class, mapper -> mapper.versions(id)).stream()
                .map(row -> Map.<String, Object>of("version", row.version, "savedAt", row.createdAt,
                        "active", workflow.activeVersion() != null && workflow.activeVersion() == row.version))
                .toList();
    }

    public List<WorkflowSummary> list(String query, Instant afterUpdatedAt, UUID afterId, int limit) {
        String pattern = query == null || query.isBlank() ? null
                : query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return store.inTransaction(WorkflowMapper.class, mapper -> mapper.list(pattern, afterUpdatedAt, afterId, limit))
                .stream().map(WorkflowSummary::of).toList();
    }

    private void requireValid(JsonNode document) {
        if (document == null || !document.isObject()) {
            throw ProblemException.invalidField("", "the body must be a workflow document (a JSON object)");
        }
        List<Violation> violations = validator.validate(document);
        if (!violations.isEmpty()) {
            throw ProblemException.violations(violations.stream()
                    .map(v -> Map.of("pointer", v.pointer(), "detail", v.detail())).toList());
        }
    }

    private boolean isTrigger(String type) {
        return validator.isTrigger(type);
    }

    private WorkflowVersionRow version(UUID id, int number, JsonNode document, UUID userId) {
        WorkflowVersionRow row = new WorkflowVersionRow();
        row.workflowId = id;
        row.version = number;
        row.documentJson = write(document);
        row.createdBy = userId;
        return row;
    }

    private void publish(UUID id, String type, Integer version) {
        Map<String, Object> data = version == null ? Map.of("id", id.toString()) : Map.of("id", id.toString(), "version", version);
        events.publish("workflow:" + id, type, data);
        events.publish(TOPIC, type, data);
    }

    private String write(JsonNode document) {
        try {
            return json.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored workflow is not JSON", e);
        }
    }
}
