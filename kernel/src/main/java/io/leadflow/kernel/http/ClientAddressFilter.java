package io.leadflow.kernel.http;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import org.glassfish.grizzly.http.server.Request;

/**
 * Works out the client's IP address once per request and stores it as a request property, with
 * the per-IP rate limit applied right away (before any other work, unknown routes included).
 */
@PreMatching
@Priority(10)
public final class ClientAddressFilter implements ContainerRequestFilter {
    public static final String PROPERTY = "leadflow.clientAddress";

    private final boolean trustProxy;
    private final RateLimiter perIp;

    @Inject
    private Provider<Request> grizzlyRequest;

    public ClientAddressFilter(boolean trustProxy, RateLimiter perIp) {
        this.trustProxy = trustProxy;
        this.perIp = perIp;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String address = clientAddress(request);
        request.setProperty(PROPERTY, address);
        perIp.check(address, "per-IP");
    }

    private String clientAddress(ContainerRequestContext request) {
        Request raw = grizzlyRequest.get();
        return resolve(trustProxy, request.getHeaderString("X-Forwarded-For"), raw == null ? null : raw.getRemoteAddr());
    }

    /**
     * The client's address: the first {@code X-Forwarded-For} entry when a trusted proxy sets it,
     * else the peer's address.
     */
    public static String resolve(boolean trustProxy, String forwardedFor, String remoteAddress) {
        if (trustProxy && forwardedFor != null && !forwardedFor.isBlank()) {
            return forwardedFor.split(",")[0].trim();
        }
        return remoteAddress == null ? "unknown" : remoteAddress;
    }

    /** The address {@link ClientAddressFilter} stored for this request. */
    public static String of(ContainerRequestContext request) {
        Object address = request.getProperty(PROPERTY);
        return address == null ? "unknown" : address.toString();
    }
}
