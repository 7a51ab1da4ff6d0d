package io.leadflow.kernel.auth;

import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;

/** Jersey's view of a {@link Caller}; role checks follow the role order (admin includes editor). */
public final class CallerSecurityContext implements SecurityContext {
    private final Caller caller;
    private final boolean secure;

    public CallerSecurityContext(Caller caller, boolean secure) {
        this.caller = caller;
        this.secure = secure;
    }

    /** The caller of the current request, as the authentication filter left it. */
    public static Caller caller(SecurityContext context) {
        // Jersey injects a proxy, so ask it for the principal rather than checking the class
        if (context != null && context.getUserPrincipal() instanceof Caller caller) {
            return caller;
        }
        throw new IllegalStateException("no caller: the authentication filter did not run");
    }

    /**
     * Always the {@link Caller}, anonymous ones included (they have no role, so every role check
     * fails); unauthenticated requests to protected endpoints were already refused with 401.
     */
    @Override
    public Principal getUserPrincipal() {
        return caller;
    }

    @Override
    public boolean isUserInRole(String role) {
        try {
            return caller.has(Role.parse(role));
        } catch (IllegalArgumentException unknownRole) {
            return false;
        }
    }

    @Override
    public boolean isSecure() {
        return secure;
    }

    @Override
    public String getAuthenticationScheme() {
        return caller.authenticated() ? "Bearer" : null;
    }
}
