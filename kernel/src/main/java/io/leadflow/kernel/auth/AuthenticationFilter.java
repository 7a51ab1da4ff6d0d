package io.leadflow.kernel.auth;

import io.leadflow.kernel.http.ClientAddressFilter;
import io.leadflow.kernel.http.ProblemException;
import io.leadflow.kernel.http.RateLimiter;
import jakarta.annotation.Priority;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import java.lang.reflect.Method;
import java.util.Optional;

/**
 * Every resource requires a valid bearer token unless it is marked {@link PermitAll}. Sets the
 * request's {@link Caller} and takes one permit from the caller's per-token rate limit. Role checks
 * follow in Jersey's {@code RolesAllowedDynamicFeature}.
 */
@Priority(Priorities.AUTHENTICATION)
public final class AuthenticationFilter implements ContainerRequestFilter {
    private final TokenService tokens;
    private final RateLimiter perToken;

    @Context
    private ResourceInfo resource;

    public AuthenticationFilter(TokenService tokens, RateLimiter perToken) {
        this.tokens = tokens;
        this.perToken = perToken;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String clientAddress = ClientAddressFilter.of(request);
        boolean secure = request.getSecurityContext() != null && request.getSecurityContext().isSecure();
        boolean open = isPublic();
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

    private boolean isPublic() {
        Method method = resource.getResourceMethod();
        Class<?> type = resource.getResourceClass();
        return (method != null && method.isAnnotationPresent(PermitAll.class))
                || (type != null && type.isAnnotationPresent(PermitAll.class));
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
