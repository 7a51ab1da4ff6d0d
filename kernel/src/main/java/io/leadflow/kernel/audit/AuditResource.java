package io.leadflow.kernel.audit;

import io.leadflow.kernel.http.InstantParameter;
import io.leadflow.kernel.http.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The audit trail, newest first, for admins; keyset pagination with {@code before}; chain verification. */
@Path("/api/v1/audit")
@Tag(name = "audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
public final class AuditResource {
    private static final int MAX_LIMIT = 500;

    private final AuditLog audit;

    public AuditResource(AuditLog audit) {
        this.audit = audit;
    }

    @GET
    @Operation(summary = "Read the audit trail (filter by action, actor, target, time; leadId: the rows about a lead "
            + "and the searches that returned it)")
    public Map<String, Object> find(@QueryParam("before") Long before,
                                    @QueryParam("limit") @DefaultValue("100") int limit,
                                    @QueryParam("action") String action,
                                    @QueryParam("actorId") String actorId,
                                    @QueryParam("targetType") String targetType,
                                    @QueryParam("targetId") String targetId,
                                    @QueryParam("since") String since,
                                    @QueryParam("leadId") String leadId) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ProblemException.invalidParameter("limit", "limit must be between 1 and " + MAX_LIMIT);
        }
        if (leadId != null) {
            try {
                leadId = java.util.UUID.fromString(leadId).toString();
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalidParameter("leadId", "leadId must be a lead id (a UUID)");
            }
        }
        List<AuditEntry> items = audit.find(new AuditLog.AuditQuery(before, action, actorId, targetType, targetId,
                leadId, InstantParameter.parse("since", since), limit));
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("items", items);
        if (items.size() == limit) {
            page.put("next", "/api/v1/audit?before=" + items.get(items.size() - 1).id() + "&limit=" + limit);
        }
        return page;
    }

    @GET
    @Path("/verify")
    @Operation(summary = "Walk the audit trail's hash chain: valid, or the first broken row (altered, missing "
            + "or out of order) with the reason")
    public AuditChain.Verification verify() {
        return audit.verifyChain();
    }
}
