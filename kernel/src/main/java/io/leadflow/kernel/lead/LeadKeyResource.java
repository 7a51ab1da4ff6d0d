package io.leadflow.kernel.lead;

import io.leadflow.kernel.auth.CallerSecurityContext;
import io.leadflow.kernel.auth.Role;
import io.leadflow.kernel.crypto.Keyring;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The data keys of lead PII, for admins: the keyring (ids, which is primary; never a key), the
 * re-encryption's progress, and rotation. Live progress is on the {@code keys} topic.
 */
@Path("/api/v1/keys")
@Tag(name = "keys")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.ADMIN_NAME)
public final class LeadKeyResource {
    private final Keyring keyring;
    private final LeadReencryption reencryption;

    public LeadKeyResource(Keyring keyring, LeadReencryption reencryption) {
        this.keyring = keyring;
        this.reencryption = reencryption;
    }

    @GET
    @Operation(summary = "The keyring (key ids, the primary) and the latest re-encryption's progress")
    public Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("primaryKeyId", keyring.primaryKeyId());
        status.put("keys", keyring.keys());
        status.put("reencryption", reencryption.status().orElse(null));
        return status;
    }

    @POST
    @Path("/rotate")
    @Operation(summary = "Add a new primary data key (new writes use it at once) and start re-encrypting every "
            + "lead to it in the background; 202 with the job")
    public Response rotate(@Context SecurityContext context) {
        LeadReencryption.Job job = reencryption.rotate(CallerSecurityContext.caller(context).actor());
        return Response.accepted(Map.of("primaryKeyId", job.targetKeyId, "reencryption", job)).build();
    }
}
