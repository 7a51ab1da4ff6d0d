package io.leadflow.kernel.audit;

import java.time.Instant;
import java.util.Map;

/**
 * One row of the append-only audit trail: who ({@link Actor}), did what ({@code action}, e.g.
 * {@code auth.login}), to what ({@code targetType}/{@code targetId}), with what outcome, and any
 * detail worth keeping (never a secret).
 */
public record AuditEntry(
        Long id,
        Instant occurredAt,
        String actorType,
        String actorId,
        String actorName,
        String action,
        String outcome,
        String targetType,
        String targetId,
        String clientIp,
        Map<String, Object> detail) {

    public static final String SUCCESS = "success";
    public static final String FAILURE = "failure";

    /** A new entry for {@code actor}; id and time are set by the database. */
    public static AuditEntry of(Actor actor, String action, String outcome, String targetType, String targetId,
                                Map<String, Object> detail) {
        return new AuditEntry(null, null, actor.type(), actor.id(), actor.name(), action, outcome,
                targetType, targetId, actor.clientAddress(), detail == null ? Map.of() : detail);
    }
}
