package io.leadflow.kernel.message;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadflow.kernel.auth.Caller;
import io.leadflow.kernel.auth.CallerSecurityContext;
import io.leadflow.kernel.auth.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.Map;

/**
 * {@code /api/v1/settings/quiet-hours}: when the workspace sends nothing on some media (a send then
 * waits until they end, in the lead's time zone when it has one: custom field {@code timeZone}).
 */
@Path("/api/v1/settings/quiet-hours")
@Tag(name = "settings")
@Produces(MediaType.APPLICATION_JSON)
public final class QuietHoursResource {
    private final QuietHoursSettings settings;

    public QuietHoursResource(QuietHoursSettings settings) {
        this.settings = settings;
    }

    @GET
    @RolesAllowed(Role.VIEWER_NAME)
    @Operation(summary = "The quiet hours: enabled, starts, ends (HH:mm), timeZone (IANA), media")
    public Map<String, Object> get() {
        return QuietHoursSettings.view(settings.current());
    }

    @PUT
    @RolesAllowed(Role.ADMIN_NAME)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change the quiet hours (fields left out keep their value)")
    public Map<String, Object> put(JsonNode body, @Context SecurityContext context) {
        Caller caller = CallerSecurityContext.caller(context);
        return QuietHoursSettings.view(settings.update(caller.actor(), caller.userId(), body));
    }
}
