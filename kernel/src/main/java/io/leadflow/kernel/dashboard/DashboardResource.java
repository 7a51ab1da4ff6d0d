package io.leadflow.kernel.dashboard;

import io.leadflow.kernel.auth.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** Counts over time for the editor's home page; any signed-in role may read them. */
@Path("/api/v1/dashboard")
@Tag(name = "dashboard")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.VIEWER_NAME)
public final class DashboardResource {
    private final DashboardService dashboard;

    public DashboardResource(DashboardService dashboard) {
        this.dashboard = dashboard;
    }

    @GET
    @Operation(summary = "Leads created and executions by status per bucket, failing workflows, open circuits and "
            + "totals over the last 24 hours (hourly), 7 days (6-hourly) or 30 days (daily)")
    public Map<String, Object> get(@QueryParam("range") @DefaultValue("24h")
                                   @Parameter(description = "the period shown",
                                           schema = @Schema(allowableValues = {"24h", "7d", "30d"}))
                                   String range) {
        return dashboard.dashboard(range);
    }
}
