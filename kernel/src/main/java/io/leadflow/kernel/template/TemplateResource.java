package io.leadflow.kernel.template;

import io.leadflow.kernel.auth.Caller;
import io.leadflow.kernel.auth.CallerSecurityContext;
import io.leadflow.kernel.auth.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriBuilder;
import java.util.Map;

/** The template gallery: any role lists it; an editor imports a template as a new inactive workflow. */
@Path("/api/v1/templates")
@Tag(name = "templates")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.VIEWER_NAME)
public final class TemplateResource {
    private final TemplateService templates;

    public TemplateResource(TemplateService templates) {
        this.templates = templates;
    }

    @GET
    @Operation(summary = "The workflow templates, each with the node types and channels it uses, whether their "
            + "plugins are started (missingPlugins names those that are not) and the credential types it needs")
    public Map<String, Object> list() {
        return Map.of("items", templates.gallery());
    }

    @POST
    @Path("/{id}/import")
    @RolesAllowed(Role.EDITOR_NAME)
    @Operation(summary = "Create a new, inactive workflow from a template (named uniquely); the answer lists the "
            + "nodes that still need a credential (a node whose credential type has exactly one credential gets it)",
            responses = {
                    @ApiResponse(responseCode = "201", description = "the workflow was created",
                            content = @Content(schema = @Schema(implementation = TemplateService.ImportedTemplate.class))),
                    @ApiResponse(responseCode = "404", description = "no template has this id",
                            content = @Content(mediaType = "application/problem+json")),
                    @ApiResponse(responseCode = "409", description = "plugins the template needs are not started "
                            + "(missingPlugins)", content = @Content(mediaType = "application/problem+json")),
                    @ApiResponse(responseCode = "422", description = "the template does not validate against the "
                            + "started plugins' versions", content = @Content(mediaType = "application/problem+json"))
            })
    public Response importTemplate(@PathParam("id") @Parameter(description = "the template id") String id,
                                   @Context SecurityContext context) {
        Caller caller = CallerSecurityContext.caller(context);
        TemplateService.ImportedTemplate imported = templates.importTemplate(caller.actor(), caller.userId(), id);
        return Response.created(UriBuilder.fromPath("/api/v1/workflows/{id}").build(imported.workflowId()))
                .entity(imported).build();
    }
}
