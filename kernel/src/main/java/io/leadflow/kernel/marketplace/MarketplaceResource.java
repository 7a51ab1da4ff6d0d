package io.leadflow.kernel.marketplace;

import io.leadflow.kernel.auth.CallerSecurityContext;
import io.leadflow.kernel.auth.Role;
import io.leadflow.kernel.http.ProblemException;
import io.leadflow.kernel.plugin.InstalledPlugin;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

/**
 * The marketplace: the configured signed index with what is installed and what would run here,
 * and install or upgrade from it. Admin only, like plugin administration; installs are audited.
 */
@Path("/api/v1/marketplace")
@Tag(name = "marketplace")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.ADMIN_NAME)
public final class MarketplaceResource {
    private final MarketplaceService marketplace;

    /** @param marketplace the service behind it */
    public MarketplaceResource(MarketplaceService marketplace) {
        this.marketplace = marketplace;
    }

    @GET
    @Operation(summary = "The marketplace's plugins with installed version, latest compatible release, update flag "
            + "and advisories ({configured:false} without LEADFLOW_MARKETPLACE_URL; 422 marketplace-refused naming the "
            + "check when the index fails verification: signature, expired, replayed, schema)")
    public MarketplaceView list() {
        return marketplace.view();
    }

    @POST
    @Path("/install")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Install a release from the marketplace, or upgrade to it if the plugin is installed: the index, "
            + "the release (404 if unlisted) and the downloaded jar are checked first (422 marketplace-refused with check "
            + "signature, expired, replayed, yanked, incompatible, size or sha256), then the plugin install checks")
    public InstalledPlugin install(InstallRequest request, @Context SecurityContext context) {
        if (request == null || blank(request.id()) || blank(request.version())) {
            throw ProblemException.badRequest("a JSON body {\"id\": ..., \"version\": ...} is required (\"force\": true "
                    + "upgrades even if an active workflow would break)");
        }
        return marketplace.install(CallerSecurityContext.caller(context).actor(), request.id().trim(),
                request.version().trim(), Boolean.TRUE.equals(request.force()));
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    /**
     * The install request.
     *
     * @param id the plugin id
     * @param version the release to install
     * @param force upgrade even if an active workflow would break (default false)
     */
    public record InstallRequest(String id, String version, Boolean force) {
    }
}
