package io.leadflow.kernel.auth;

import io.leadflow.kernel.audit.Actor;
import java.security.Principal;
import java.util.UUID;

/**
 * Who is calling: the authenticated user with the role their token grants, or an anonymous caller
 * on a public endpoint; plus the client address for audit and rate limits.
 */
public record Caller(UUID userId, String username, Role role, UUID tokenId, String clientAddress)
        implements Principal {

    public static Caller anonymous(String clientAddress) {
        return new Caller(null, null, null, null, clientAddress);
    }

    public boolean authenticated() {
        return userId != null;
    }

    public boolean has(Role required) {
        return role != null && role.includes(required);
    }

    @Override
    public String getName() {
        return username;
    }

    public Actor actor() {
        return authenticated()
                ? new Actor(Actor.USER, userId.toString(), username, clientAddress)
                : Actor.anonymous(clientAddress);
    }
}
