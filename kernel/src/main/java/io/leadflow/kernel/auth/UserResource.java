package io.leadflow.kernel.auth;

import io.leadflow.kernel.http.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
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

/** User administration (admin) and "who am I" (anyone logged in). */
@Path("/api/v1/users")
@Tag(name = "users")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.ADMIN_NAME)
public final class UserResource {
    private final UserService users;

    public UserResource(UserService users) {
        this.users = users;
    }

    @GET
    @Operation(summary = "List users")
    public Map<String, List<User>> list() {
        return Map.of("items", users.list());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a user")
    public Response create(CreateUserRequest request, @Context SecurityContext context) {
        if (request == null) {
            throw ProblemException.badRequest("a JSON body with username, password and role is required");
        }
        if (request.role() == null) {
            throw ProblemException.invalidField("/role", "role is required (admin, editor or viewer)");
        }
        Caller caller = CallerSecurityContext.caller(context);
        User user = users.create(caller.actor(), request.username(), request.displayName(), request.role(),
                        request.password())
                .orElseThrow(() -> ProblemException.conflict("username '" + request.username() + "' is taken"));
        return Response.created(UriBuilder.fromPath("/api/v1/users/{id}").build(user.id())).entity(user).build();
    }

    @GET
    @Path("/me")
    @RolesAllowed(Role.VIEWER_NAME)
    @Operation(summary = "The user this request's token belongs to")
    public User me(@Context SecurityContext context) {
        return users.get(CallerSecurityContext.caller(context).userId());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One user")
    public User get(@PathParam("id") String id) {
        return users.get(Ids.parse("user", id));
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change a user's display name, role, password or disabled flag")
    public User update(@PathParam("id") String id, UserService.UserChanges changes, @Context SecurityContext context) {
        if (changes == null) {
            throw ProblemException.badRequest("a JSON body with the changes is required");
        }
        return users.update(CallerSecurityContext.caller(context).actor(), Ids.parse("user", id), changes);
    }

    /** A user to create. */
    public record CreateUserRequest(String username, String displayName, Role role, String password) {
    }
}
