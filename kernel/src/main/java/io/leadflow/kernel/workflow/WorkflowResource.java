package io.leadflow.kernel.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadflow.kernel.auth.Caller;
import io.leadflow.kernel.auth.CallerSecurityContext;
import io.leadflow.kernel.auth.Ids;
import io.leadflow.kernel.auth.Role;
import io.leadflow.kernel.http.KeysetCursor;
import io.leadflow.kernel.http.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Workflows: list, create/import, read (any version), save a version, activate, export, delete. */
@Path("/api/v1/workflows")
@Tag(name = "workflows")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.VIEWER_NAME)
public final class WorkflowResource {
    private static final int MAX_LIMIT = 200;

    private final WorkflowService workflows;

    public WorkflowResource(WorkflowService workflows) {
        this.workflows = workflows;
    }

    @GET
    @Operation(summary = "List workflows, most recently changed first (q filters by name; keyset pagination)")
    public Map<String, Object> list(@QueryParam("q") String query, @QueryParam("after") String after,
                                    @QueryParam("limit") @DefaultValue("50") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ProblemException.invalidParameter("limit", "limit must be between 1 and " + MAX_LIMIT);
        }
        KeysetCursor cursor = KeysetCursor.decode("after", after);
        List<WorkflowSummary> items = workflows.list(query, cursor == null ? null : cursor.at(), cursor == null ? null : cursor.id(), limit);
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("items", items);
        if (items.size() == limit) {
            WorkflowSummary last = items.get(items.size() - 1);
            page.put("next", new KeysetCursor(last.updatedAt(), last.id()).encode());
        }
        return page;
    }

    @POST
    @RolesAllowed(Role.EDITOR_NAME)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a workflow from a document (also how a JSON export is imported)")
    public Response create(JsonNode document, @Context SecurityContext context) {
        Caller caller = CallerSecurityContext.caller(context);
        WorkflowVersion created = workflows.create(caller.actor(), caller.userId(), document);
        return Response.created(UriBuilder.fromPath("/api/v1/workflows/{id}").build(created.workflow().id()))
                .entity(created).build();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A workflow's latest version, or ?version=n")
    public WorkflowVersion get(@PathParam("id") String id, @QueryParam("version") Integer version) {
        return workflows.get(Ids.parse("workflow", id), version);
    }

    @PUT
    @Path("/{id}")
    @RolesAllowed(Role.EDITOR_NAME)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Save a new version of a workflow")
    public WorkflowVersion save(@PathParam("id") String id, JsonNode document, @Context SecurityContext context) {
        Caller caller = CallerSecurityContext.caller(context);
        return workflows.save(caller.actor(), caller.userId(), Ids.parse("workflow", id), document);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Role.EDITOR_NAME)
    @Operation(summary = "Delete a workflow (its versions stay for the executions that pinned them)")
    public Response delete(@PathParam("id") String id, @Context SecurityContext context) {
        workflows.delete(CallerSecurityContext.caller(context).actor(), Ids.parse("workflow", id));
        return Response.noContent().build();
    }

    @GET
    @Path("/{id}/versions")
    @Operation(summary = "The saved versions of a workflow, newest first")
    public Map<String, Object> versions(@PathParam("id") String id) {
        return Map.of("items", workflows.versions(Ids.parse("workflow", id)));
    }

    @POST
    @Path("/{id}/activate")
    @RolesAllowed(Role.EDITOR_NAME)
    @Operation(summary = "Make a version live (?version=n, default the latest)")
    public WorkflowSummary activate(@PathParam("id") String id, @QueryParam("version") Integer version,
                                    @Context SecurityContext context) {
        return workflows.activate(CallerSecurityContext.caller(context).actor(), Ids.parse("workflow", id), version);
    }

    @POST
    @Path("/{id}/deactivate")
    @RolesAllowed(Role.EDITOR_NAME)
    @Operation(summary = "Take a workflow offline")
    public WorkflowSummary deactivate(@PathParam("id") String id, @Context SecurityContext context) {
        return workflows.deactivate(CallerSecurityContext.caller(context).actor(), Ids.parse("workflow", id));
    }

    @GET
    @Path("/{id}/export")
    @Operation(summary = "The workflow document alone, to import elsewhere")
    public Response export(@PathParam("id") String id, @QueryParam("version") Integer version) {
        WorkflowVersion saved = workflows.get(Ids.parse("workflow", id), version);
        String file = saved.document().path("name").asText("workflow").replaceAll("[^A-Za-z0-9._-]+", "-") + ".json";
        return Response.ok(saved.document())
                .header("Content-Disposition", "attachment; filename=\"" + file + "\"").build();
    }
}
