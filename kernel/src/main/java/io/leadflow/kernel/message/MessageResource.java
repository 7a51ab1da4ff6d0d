package io.leadflow.kernel.message;

import io.leadflow.kernel.audit.AuditEntry;
import io.leadflow.kernel.audit.AuditLog;
import io.leadflow.kernel.auth.CallerSecurityContext;
import io.leadflow.kernel.auth.Role;
import io.leadflow.kernel.http.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** {@code GET /api/v1/leads/{id}/messages}: a lead's conversation, decrypted, newest first; audited. */
@Path("/api/v1/leads/{id}/messages")
@Tag(name = "leads")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.VIEWER_NAME)
public final class MessageResource {
    private static final int MAX_LIMIT = 200;

    private final MessageService messages;
    private final AuditLog audit;

    public MessageResource(MessageService messages, AuditLog audit) {
        this.messages = messages;
        this.audit = audit;
    }

    @GET
    @Operation(summary = "The lead's messages in and out (all channels), newest first, at most limit (default 50, max 200)")
    public Map<String, Object> list(@PathParam("id") String id, @QueryParam("limit") Integer limit,
                                    @Context SecurityContext context) {
        UUID leadId;
        try {
            leadId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidParameter("id", "id must be a lead id (a UUID)");
        }
        int count = limit == null ? 50 : limit;
        if (count < 1 || count > MAX_LIMIT) {
            throw ProblemException.invalidParameter("limit", "limit must be between 1 and " + MAX_LIMIT);
        }
        List<Map<String, Object>> items = messages.ofLead(leadId, count);
        audit.record(AuditEntry.of(CallerSecurityContext.caller(context).actor(), "message.listed", AuditEntry.SUCCESS,
                MessageService.TARGET, leadId.toString(), Map.of("count", items.size())));
        return Map.of("items", items);
    }
}
