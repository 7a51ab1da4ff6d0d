package io.leadflow.kernel.plugin;

import io.leadflow.kernel.auth.CallerSecurityContext;
import io.leadflow.kernel.auth.Role;
import io.leadflow.kernel.http.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriBuilder;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.glassfish.jersey.media.multipart.FormDataParam;

/**
 * Plugin administration while the kernel runs: list, install (the jar as the body, or a multipart
 * {@code file} field), upgrade, start, stop, uninstall. Admin only; every change is audited.
 */
@Path("/api/v1/plugins")
@Tag(name = "plugins")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.ADMIN_NAME)
public final class PluginResource {
    private static final String JAR = "application/java-archive";
    private static final String X_JAR = "application/x-java-archive";

    private final PluginService plugins;

    public PluginResource(PluginService plugins) {
        this.plugins = plugins;
    }

    @GET
    @Operation(summary = "List installed plugins with their state and contributed types")
    public Map<String, List<InstalledPlugin>> list() {
        return Map.of("items", plugins.list());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One installed plugin")
    public InstalledPlugin get(@PathParam("id") String id) {
        return plugins.get(id);
    }

    @POST
    @Consumes({JAR, X_JAR, MediaType.APPLICATION_OCTET_STREAM})
    @Operation(summary = "Install a plugin from its jar (the request body); no restart needed")
    public Response install(InputStream jar, @Context SecurityContext context) {
        InstalledPlugin installed = plugins.install(CallerSecurityContext.caller(context).actor(), jar);
        return Response.created(UriBuilder.fromPath("/api/v1/plugins/{id}").build(installed.id()))
                .entity(installed).build();
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Install a plugin from a multipart upload (field 'file')")
    public Response installMultipart(@FormDataParam("file") InputStream jar, @Context SecurityContext context) {
        if (jar == null) {
            throw ProblemException.badRequest("the multipart body needs a 'file' field with the plugin jar");
        }
        return install(jar, context);
    }

    @PUT
    @Path("/{id}")
    @Consumes({JAR, X_JAR, MediaType.APPLICATION_OCTET_STREAM})
    @Operation(summary = "Upgrade (or downgrade) a plugin to the jar in the body; the previous version is restored "
            + "if it fails to start, or if it would break an active workflow (409 plugin-incompatible, unless force)")
    public InstalledPlugin upgrade(@PathParam("id") String id, @QueryParam("force") boolean force, InputStream jar,
                                   @Context SecurityContext context) {
        return plugins.upgrade(CallerSecurityContext.caller(context).actor(), id, jar, force);
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Upgrade a plugin from a multipart upload (field 'file')")
    public InstalledPlugin upgradeMultipart(@PathParam("id") String id, @QueryParam("force") boolean force,
                                            @FormDataParam("file") InputStream jar, @Context SecurityContext context) {
        if (jar == null) {
            throw ProblemException.badRequest("the multipart body needs a 'file' field with the plugin jar");
        }
        return upgrade(id, force, jar, context);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Stop, unload and delete a plugin (409 plugin-in-use while active workflows use it, unless force)")
    public Response uninstall(@PathParam("id") String id, @QueryParam("force") boolean force,
                              @Context SecurityContext context) {
        plugins.uninstall(CallerSecurityContext.caller(context).actor(), id, force);
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/start")
    @Operation(summary = "Start a stopped plugin")
    public InstalledPlugin start(@PathParam("id") String id, @Context SecurityContext context) {
        return plugins.start(CallerSecurityContext.caller(context).actor(), id);
    }

    @POST
    @Path("/{id}/rollback")
    @Operation(summary = "Return a plugin to the version it ran before its last upgrade, without a restart; node runs "
            + "in flight finish on the current version (409 no-previous-version if it was never upgraded; "
            + "409 plugin-incompatible if the previous version would break an active workflow, unless force)")
    public InstalledPlugin rollback(@PathParam("id") String id, @QueryParam("force") boolean force,
                                    @Context SecurityContext context) {
        return plugins.rollback(CallerSecurityContext.caller(context).actor(), id, force);
    }

    @POST
    @Path("/{id}/stop")
    @Operation(summary = "Stop a plugin; it stays installed, and stopped across restarts (409 plugin-in-use while "
            + "active workflows use it, unless force)")
    public InstalledPlugin stop(@PathParam("id") String id, @QueryParam("force") boolean force,
                                @Context SecurityContext context) {
        return plugins.stop(CallerSecurityContext.caller(context).actor(), id, force);
    }
}
