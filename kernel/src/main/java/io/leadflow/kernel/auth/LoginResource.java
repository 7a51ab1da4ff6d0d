package io.leadflow.kernel.auth;

import io.leadflow.kernel.audit.AuditEntry;
import io.leadflow.kernel.audit.AuditLog;
import io.leadflow.kernel.http.ProblemException;
import io.leadflow.kernel.http.RateLimiter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Exchanges a username and password for a session token; ends a session. */
@Path("/api/v1/auth")
@Tag(name = "auth")
@Produces(MediaType.APPLICATION_JSON)
public final class LoginResource {
    private final UserService users;
    private final TokenService tokens;
    private final AuditLog audit;
    private final RateLimiter loginAttempts;
    private final Duration sessionTimeToLive;

    public LoginResource(UserService users, TokenService tokens, AuditLog audit, RateLimiter loginAttempts,
                         Duration sessionTimeToLive) {
        this.users = users;
        this.tokens = tokens;
        this.audit = audit;
        this.loginAttempts = loginAttempts;
        this.sessionTimeToLive = sessionTimeToLive;
    }

    @POST
    @Path("/login")
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Log in with a username and password; returns a bearer token")
    public LoginResponse login(LoginRequest request, @Context SecurityContext context) {
        Caller anonymous = CallerSecurityContext.caller(context);
        loginAttempts.check(anonymous.clientAddress(), "login attempts per-IP");
        if (request == null || request.username() == null || request.password() == null) {
            throw ProblemException.invalidField(request == null || request.username() == null ? "/username" : "/password",
                    "username and password are required");
        }
        Optional<User> user = users.checkPassword(request.username(), request.password());
        if (user.isEmpty()) {
            audit.record(AuditEntry.of(anonymous.actor(), "auth.login", AuditEntry.FAILURE, "user", null,
                    Map.of("username", truncate(request.username()))));
            throw new ProblemException(401, "invalid-credentials", "Invalid credentials",
                    "the username or password is wrong, or the user is disabled");
        }
        User who = user.get();
        Caller caller = new Caller(who.id(), who.username(), who.role(), null, anonymous.clientAddress());
        Instant expiresAt = Instant.now().plus(sessionTimeToLive);
        TokenService.IssuedToken issued = tokens.issue(caller, who.id(), "session", "login", null, expiresAt);
        audit.record(AuditEntry.of(caller.actor(), "auth.login", AuditEntry.SUCCESS, "user",
                who.id().toString(), Map.of("tokenId", issued.token().id().toString())));
        return new LoginResponse(issued.secret(), "Bearer", expiresAt, who);
    }

    @POST
    @Path("/logout")
    @Operation(summary = "Revoke the token this request carries")
    public Response logout(@Context SecurityContext context) {
        Caller caller = CallerSecurityContext.caller(context);
        tokens.revoke(caller, caller.tokenId());
        return Response.noContent().build();
    }

    private static String truncate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64);
    }

    /** Credentials to log in with. */
    public record LoginRequest(String username, String password) {
    }

    /** A session token and who it belongs to. */
    public record LoginResponse(String token, String tokenType, Instant expiresAt, User user) {
    }
}
