package io.leadflow.kernel.audit;

import java.time.Instant;

/** The audit table's row as MyBatis reads and writes it; detail travels as JSON text. */
public final class AuditRow {
    public Long id;
    public Instant occurredAt;
    public String actorType;
    public String actorId;
    public String actorName;
    public String action;
    public String outcome;
    public String targetType;
    public String targetId;
    public String clientIp;
    public String detailJson;
}
