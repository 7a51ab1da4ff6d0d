package io.leadflow.kernel.auth;

import io.leadflow.kernel.http.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Named API tokens for scripts and integrations: list, create (secret shown once), revoke. */
@Path("/api/v1/auth/tokens")
@Tag(name = "auth")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.VIEWER_NAME)
public final class TokenResource {
    private static final int MAX_NAME = 100;

    private final TokenService tokens;

    public TokenResource(TokenService tokens) {
        this.tokens = tokens;
    }

    @GET
    @Operation(summary = "List your tokens (all users' with all=true, admin only)")
    public Map<String, List<ApiToken>> list(@QueryParam("all") @DefaultValue("false") boolean all,
                                            @QueryParam("includeInactive") @DefaultValue("false") boolean includeInactive,
                                            @Context SecurityContext context) {
        Caller caller = CallerSecurityContext.caller(context);
        if (all && !caller.has(Role.ADMIN)) {
            throw ProblemException.forbidden("only an admin may list every user's tokens");
        }
        return Map.of("items", tokens.list(all ? null : caller.userId(), includeInactive));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a named API token; its secret is in this answer only")
    public Response create(CreateTokenRequest request, @Context SecurityContext context) {
        Caller caller = CallerSecurityContext.caller(context);
        if (request == null || request.name() == null || request.name().isBlank() || request.name().length() > MAX_NAME) {
            throw ProblemException.invalidField("/name", "name is required, at most " + MAX_NAME + " characters");
        }
        if (request.expiresAt() != null && request.expiresInDays() != null) {
            throw ProblemException.invalidField("/expiresAt", "give expiresAt or expiresInDays, not both");
        }
        Instant expiresAt = request.expiresAt();
        if (request.expiresInDays() != null) {
            if (request.expiresInDays() < 1 || request.expiresInDays() > 3650) {
                throw ProblemException.invalidField("/expiresInDays", "expiresInDays must be between 1 and 3650");
            }
            expiresAt = Instant.now().plus(Duration.ofDays(request.expiresInDays()));
        }
        if (expiresAt != null && !expiresAt.isAfter(Instant.now())) {
            throw ProblemException.invalidField("/expiresAt", "expiresAt must be in the future");
        }
        if (request.role() != null && !caller.has(request.role())) {
            throw ProblemException.invalidField("/role", "a token cannot grant more than your own role");
        }
        TokenService.IssuedToken issued = tokens.issue(caller, caller.userId(), "api", request.name().trim(),
                request.role(), expiresAt);
        return Response.created(UriBuilder.fromPath("/api/v1/auth/tokens/{id}").build(issued.token().id()))
                .entity(new CreatedToken(issued.token(), issued.secret()))
                .build();
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Revoke a token (yours, or anyone's as admin); effective immediately")
    public Response revoke(@PathParam("id") String id, @Context SecurityContext context) {
        tokens.revoke(CallerSecurityContext.caller(context), Ids.parse("token", id));
        return Response.noContent().build();
    }

    /** A token to create: a name, an optional expiry and an optional narrower role. */
    public record CreateTokenRequest(String name, Instant expiresAt, Integer expiresInDays, Role role) {
    }

    /** The created token with its secret, which is never shown again. */
    public record CreatedToken(ApiToken token, String secret) {
    }
}
