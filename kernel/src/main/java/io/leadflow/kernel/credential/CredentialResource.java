package io.leadflow.kernel.credential;

import io.leadflow.api.credential.ConnectionTest;
import io.leadflow.kernel.auth.Caller;
import io.leadflow.kernel.auth.CallerSecurityContext;
import io.leadflow.kernel.auth.Ids;
import io.leadflow.kernel.auth.Role;
import io.leadflow.kernel.http.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
import java.util.List;
import java.util.Map;

/** Credentials: create (secrets encrypted, never returned), list, test, delete. Editors and admins. */
@Path("/api/v1/credentials")
@Tag(name = "credentials")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.EDITOR_NAME)
public final class CredentialResource {
    private final CredentialService credentials;

    public CredentialResource(CredentialService credentials) {
        this.credentials = credentials;
    }

    @GET
    @Operation(summary = "List credentials (no secret values)")
    public Map<String, List<CredentialView>> list() {
        return Map.of("items", credentials.list());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One credential (no secret values)")
    public CredentialView get(@PathParam("id") String id) {
        return credentials.get(Ids.parse("credential", id));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a credential of a plugin's credential type")
    public Response create(CreateCredentialRequest request, @Context SecurityContext context) {
        if (request == null) {
            throw ProblemException.badRequest("a JSON body with name, type and data is required");
        }
        Caller caller = CallerSecurityContext.caller(context);
        CredentialView created = credentials.create(caller.actor(), caller.userId(), request.name(), request.type(),
                request.data());
        return Response.created(UriBuilder.fromPath("/api/v1/credentials/{id}").build(created.id()))
                .entity(created).build();
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a credential")
    public Response delete(@PathParam("id") String id, @Context SecurityContext context) {
        credentials.delete(CallerSecurityContext.caller(context).actor(), Ids.parse("credential", id));
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/test")
    @Operation(summary = "Test a credential against its provider")
    public ConnectionTest test(@PathParam("id") String id, @Context SecurityContext context) {
        return credentials.test(CallerSecurityContext.caller(context).actor(), Ids.parse("credential", id));
    }

    /** A credential to create: its name, its type id and its field values. */
    public record CreateCredentialRequest(String name, String type, Map<String, Object> data) {
    }
}
