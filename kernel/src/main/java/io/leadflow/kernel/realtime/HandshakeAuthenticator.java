package io.leadflow.kernel.realtime;

import io.leadflow.kernel.auth.AuthenticationFilter;
import io.leadflow.kernel.auth.Caller;
import io.leadflow.kernel.auth.TokenService;
import io.leadflow.kernel.http.RateLimiter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.glassfish.tyrus.core.RequestContext;
import org.glassfish.tyrus.spi.UpgradeRequest;
import org.glassfish.tyrus.spi.UpgradeResponse;
import org.glassfish.tyrus.spi.WebSocketEngine;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;

/**
 * Sits in front of Tyrus's engine and refuses a {@code /ws} handshake without a valid token (401)
 * or over the per-IP rate limit (429), before any endpoint exists. The token comes from
 * {@code Authorization: Bearer} or, for browsers (which cannot set headers on a WebSocket), the
 * {@code access_token} query parameter. An accepted handshake carries the {@link Caller} as the
 * session's user principal.
 */
final class HandshakeAuthenticator implements WebSocketEngine {
    private final WebSocketEngine tyrus;
    private final String path;
    private final TokenService tokens;
    private final RateLimiter perIp;
    private final boolean trustProxy;

    HandshakeAuthenticator(WebSocketEngine tyrus, String path, TokenService tokens, RateLimiter perIp,
                           boolean trustProxy) {
        this.tyrus = tyrus;
        this.path = path;
        this.tokens = tokens;
        this.perIp = perIp;
        this.trustProxy = trustProxy;
    }

    @Override
    public UpgradeInfo upgrade(UpgradeRequest request, UpgradeResponse response) {
        if (!path.equals(request.getRequestURI().getPath()) || !(request instanceof RequestContext context)) {
            return tyrus.upgrade(request, response);
        }
        String clientAddress = clientAddress(context);
        Optional<Duration> wait = perIp.acquire(clientAddress);
        if (wait.isPresent()) {
            response.getHeaders().put(UpgradeResponse.RETRY_AFTER,
                    List.of(Long.toString(Math.max(1, wait.get().toSeconds()))));
            return refuse(response, 429, "Too Many Requests");
        }
        Optional<Caller> caller = token(context).flatMap(token -> tokens.authenticate(token, clientAddress));
        if (caller.isEmpty()) {
            response.getHeaders().put(UpgradeResponse.WWW_AUTHENTICATE, List.of("Bearer realm=\"leadflow\""));
            return refuse(response, 401, "Unauthorized");
        }
        RequestContext authenticated = RequestContext.Builder.create(context).userPrincipal(caller.get()).build();
        return tyrus.upgrade(authenticated, response);
    }

    private String clientAddress(RequestContext request) {
        if (trustProxy) {
            String forwarded = request.getHeader("X-Forwarded-For");
            if (forwarded != null && !forwarded.isBlank()) {
                return forwarded.split(",")[0].trim();
            }
        }
        return request.getRemoteAddr() == null ? "unknown" : request.getRemoteAddr();
    }

    private static Optional<String> token(RequestContext request) {
        Optional<String> header = AuthenticationFilter.bearerToken(request.getHeader("Authorization"));
        if (header.isPresent()) {
            return header;
        }
        Map<String, List<String>> parameters = request.getParameterMap();
        List<String> values = parameters == null ? null : parameters.get("access_token");
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    private static UpgradeInfo refuse(UpgradeResponse response, int status, String reason) {
        response.setStatus(status);
        response.setReasonPhrase(reason);
        // without these the client waits for a body until its own timeout
        response.getHeaders().put("Content-Length", List.of("0"));
        response.getHeaders().put("Connection", List.of("close"));
        return new UpgradeInfo() {
            @Override
            public UpgradeStatus getStatus() {
                return UpgradeStatus.HANDSHAKE_FAILED;
            }

            @Override
            public org.glassfish.tyrus.spi.Connection createConnection(org.glassfish.tyrus.spi.Writer writer,
                    org.glassfish.tyrus.spi.Connection.CloseListener closeListener) {
                return null;
            }
        };
    }

    @Override
    public void register(Class<?> endpointClass, String contextPath) throws DeploymentException {
        tyrus.register(endpointClass, contextPath);
    }

    @Override
    public void register(ServerEndpointConfig serverConfig, String contextPath) throws DeploymentException {
        tyrus.register(serverConfig, contextPath);
    }
}
