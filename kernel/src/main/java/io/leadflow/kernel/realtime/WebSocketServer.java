package io.leadflow.kernel.realtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadflow.kernel.auth.TokenService;
import io.leadflow.kernel.http.RateLimiter;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;
import java.lang.reflect.Constructor;
import java.util.Set;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.tyrus.container.grizzly.server.WebSocketAddOn;
import org.glassfish.tyrus.core.TyrusWebSocketEngine;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.ServerContainer;
import org.glassfish.tyrus.spi.WebSocketEngine;

/**
 * Tyrus on the same Grizzly listener as Jersey: one port for REST and {@code /ws}. Tyrus's own
 * Grizzly container would start a second server, so this builds the container and hooks Tyrus's
 * filter into the kernel's listener.
 */
public final class WebSocketServer {
    public static final String PATH = "/ws";

    private WebSocketServer() {
    }

    /** Registers {@code /ws} on {@code listener}; call before the HTTP server starts. */
    public static void attach(NetworkListener listener, RealtimeHub hub, ObjectMapper json, TokenService tokens,
                              RateLimiter perIp, boolean trustProxy) {
        KernelServerContainer container = new KernelServerContainer(tokens, perIp, trustProxy);
        ServerEndpointConfig endpoint = ServerEndpointConfig.Builder.create(RealtimeEndpoint.class, PATH)
                .configurator(new ServerEndpointConfig.Configurator() {
                    @Override
                    public <T> T getEndpointInstance(Class<T> type) {
                        return type.cast(new RealtimeEndpoint(hub, json));
                    }
                })
                .build();
        try {
            container.addEndpoint(endpoint);
            container.start("/", listener.getPort());
        } catch (DeploymentException | java.io.IOException e) {
            throw new IllegalStateException("cannot deploy the WebSocket endpoint: " + e.getMessage(), e);
        }
        listener.registerAddOn(tyrusAddOn(container));
        // every 250 ms: a revoked token's socket is closed well within a second
        hub.closeWith(TokenRevocationWatch.start(hub, tokens, java.time.Duration.ofMillis(250)));
    }

    /**
     * Tyrus's {@code WebSocketAddOn} puts its filter before Grizzly's HTTP filter, exactly what is
     * needed, but its constructor is package-private in Tyrus 2.2; this is the one reflective call.
     */
    private static AddOn tyrusAddOn(ServerContainer container) {
        try {
            Constructor<WebSocketAddOn> constructor =
                    WebSocketAddOn.class.getDeclaredConstructor(ServerContainer.class, String.class);
            constructor.setAccessible(true);
            return constructor.newInstance(container, "/");
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this Tyrus version no longer has WebSocketAddOn(ServerContainer, String)", e);
        }
    }

    /** A Tyrus server container whose engine is wrapped by the handshake authenticator. */
    private static final class KernelServerContainer extends TyrusServerContainer {
        private final TyrusWebSocketEngine engine;
        private final WebSocketEngine guarded;

        KernelServerContainer(TokenService tokens, RateLimiter perIp, boolean trustProxy) {
            super((Set<Class<?>>) null);
            this.engine = TyrusWebSocketEngine.builder(this)
                    // a frame larger than this is refused while it is read, not buffered whole first
                    .incomingBufferSize(RealtimeEndpoint.MAX_MESSAGE_BYTES * 16).build();
            this.guarded = new HandshakeAuthenticator(engine, PATH, tokens, perIp, trustProxy);
        }

        @Override
        public void register(Class<?> endpointClass) throws DeploymentException {
            engine.register(endpointClass, "/");
        }

        @Override
        public void register(ServerEndpointConfig serverEndpointConfig) throws DeploymentException {
            engine.register(serverEndpointConfig, "/");
        }

        @Override
        public WebSocketEngine getWebSocketEngine() {
            return guarded;
        }
    }
}
