package io.leadflow.kernel.auth;

import io.leadflow.kernel.http.ClientAddressFilter;
import io.leadflow.kernel.http.ProblemException;
import io.leadflow.kernel.http.RateLimiter;
import jakarta.annotation.Priority;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.Optional;
import java.util.Set;

/**
 * Every resource requires a valid bearer token unless it is marked {@link PermitAll}. Runs before
 * route matching and right after the per-IP limit, so a caller without a valid token learns
 * nothing but 401 from a protected path: not whether the route, the method or the content type
 * exists, nor how large a body may be. Sets the request's {@link Caller} and takes one permit from
 * the caller's per-token rate limit. Role checks follow in Jersey's {@code RolesAllowedDynamicFeature}.
 */
@PreMatching
@Priority(15)
public final class AuthenticationFilter implements ContainerRequestFilter {
    private final TokenService tokens;
    private final RateLimiter perToken;
    private final PublicRoutes publicRoutes;

    public AuthenticationFilter(TokenService tokens, RateLimiter perToken, Set<Class<?>> resourceClasses) {
        this.tokens = tokens;
        this.perToken = perToken;
        this.publicRoutes = PublicRoutes.of(resourceClasses);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String clientAddress = ClientAddressFilter.of(request);
        boolean secure = request.getSecurityContext() != null && request.getSecurityContext().isSecure();
        boolean open = publicRoutes.contains("/" + request.getUriInfo().getPath());
        Optional<String> presented = bearerToken(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        Optional<Caller> caller = presented.flatMap(token -> tokens.authenticate(token, clientAddress));
        if (caller.isEmpty()) {
            if (!open) {
                throw ProblemException.unauthorized(presented.isEmpty()
                        ? "this endpoint requires 'Authorization: Bearer <token>'"
                        : "the bearer token is unknown, expired or revoked");
            }
            request.setSecurityContext(new CallerSecurityContext(Caller.anonymous(clientAddress), secure));
            return;
        }
        perToken.check(caller.get().tokenId().toString(), "per-token");
        request.setSecurityContext(new CallerSecurityContext(caller.get(), secure));
    }

    /** The token of an {@code Authorization: Bearer <token>} header (scheme case-insensitive). */
    public static Optional<String> bearerToken(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String value = header.trim();
        if (value.length() > 7 && value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(value.substring(7).trim());
        }
        return Optional.empty();
    }
}
