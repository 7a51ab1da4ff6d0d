package io.leadflow.kernel.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadflow.kernel.store.Store;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.ibatis.session.SqlSession;

/**
 * Writes and reads the audit trail. A change and its audit row share one transaction when the
 * caller passes its session, so there is never a change without its record.
 */
public final class AuditLog {
    private static final TypeReference<Map<String, Object>> DETAIL = new TypeReference<>() {
    };

    private final Store store;
    private final ObjectMapper json;
    private final AuditChain chain;

    public AuditLog(Store store, ObjectMapper json) {
        this.store = store.register(AuditMapper.class);
        this.json = json;
        this.chain = new AuditChain(store);
    }

    /** Walks the hash chain of the whole trail and reports the first broken row, if any. */
    public AuditChain.Verification verifyChain() {
        return chain.verify();
    }

    /** Appends {@code entry} in its own transaction. */
    public void record(AuditEntry entry) {
        store.inTransaction(session -> {
            record(session, entry);
            return null;
        });
    }

    /**
     * Appends {@code entry} inside the caller's transaction. The row joins the hash chain under the
     * chain's tail lock, held until that transaction ends: write the audit row last in it.
     */
    public void record(SqlSession session, AuditEntry entry) {
        session.getMapper(AuditMapper.class).insert(toRow(entry));
    }

    /**
     * Appends {@code entries} in their order inside the caller's transaction, in one statement: the transaction takes the chain's tail lock once and holds it until it ends, so
     * write them last in it.
     */
    public void recordAll(SqlSession session, List<AuditEntry> entries) {
        if (!entries.isEmpty()) {
            session.getMapper(AuditMapper.class).insertAll(AuditRows.of(session.getConnection(),
                    entries.stream().map(this::toRow).toList()));
        }
    }

    private AuditRow toRow(AuditEntry entry) {
        AuditRow row = new AuditRow();
        row.actorType = entry.actorType();
        row.actorId = entry.actorId();
        row.actorName = entry.actorName();
        row.action = entry.action();
        row.outcome = entry.outcome();
        row.targetType = entry.targetType();
        row.targetId = entry.targetId();
        row.clientIp = entry.clientIp();
        row.detailJson = toJson(entry.detail());
        return row;
    }

    public List<AuditEntry> find(AuditQuery query) {
        return store.inTransaction(AuditMapper.class, mapper -> mapper.find(query.beforeId(), query.action(),
                        query.actorId(), query.targetType(), query.targetId(), query.leadId(), query.since(), query.limit()))
                .stream().map(this::toEntry).toList();
    }

    private AuditEntry toEntry(AuditRow row) {
        return new AuditEntry(row.id, row.occurredAt, row.actorType, row.actorId, row.actorName, row.action,
                row.outcome, row.targetType, row.targetId, row.clientIp, fromJson(row.detailJson));
    }

    private String toJson(Map<String, Object> detail) {
        try {
            return json.writeValueAsString(detail);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("audit detail must be plain JSON values", e);
        }
    }

    private Map<String, Object> fromJson(String text) {
        try {
            return text == null ? Map.of() : json.readValue(text, DETAIL);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit detail in the database is not JSON", e);
        }
    }

    /**
     * Filters of an audit read; {@code limit} rows newest first, before {@code beforeId} if set.
     * {@code leadId}: rows whose target is that lead, and {@code lead.listed} rows naming it.
     */
    public record AuditQuery(Long beforeId, String action, String actorId, String targetType, String targetId,
                             String leadId, Instant since, int limit) {
    }
}
