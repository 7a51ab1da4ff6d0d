package io.leadflow.kernel.http;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.HttpHandlerRegistration;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.server.ServerConfiguration;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpContainer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ContainerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Grizzly listener: Jersey for {@code /api/*}, the webhook handler for {@code /hooks/*},
 * the editor's static files for everything else, and (added through {@code beforeStart}) Tyrus
 * for {@code /ws}.
 */
public final class WebServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);

    private final HttpServer server;
    private final Duration grace;

    private WebServer(HttpServer server, Duration grace) {
        this.server = server;
        this.grace = grace;
    }

    public static WebServer start(String host, int port, ResourceConfig api, HttpHandler hooks, Duration grace,
                                  int workerThreads, BrowserSecurityHeaders securityHeaders, CorsPolicy cors,
                                  Consumer<NetworkListener> beforeStart) throws IOException {
        HttpServer server = GrizzlyHttpServerFactory.createHttpServer(
                URI.create("http://" + host + ":" + port + "/"), false);
        ServerConfiguration configuration = server.getServerConfiguration();
        configuration.setDefaultErrorPageGenerator(new ProblemErrorPageGenerator());
        configuration.setName("LeadFlow");
        configuration.setHttpServerName("LeadFlow");
        configuration.setHttpServerVersion("");
        configuration.setSendFileEnabled(false);
        GrizzlyHttpContainer jersey = ContainerFactory.createContainer(GrizzlyHttpContainer.class, api);
        configuration.addHttpHandler(new KernelHttpHandler(jersey, hooks, new SpaStaticHandler(WebServer.class.getClassLoader()),
                        securityHeaders, cors),
                HttpHandlerRegistration.ROOT);
        NetworkListener listener = server.getListener("grizzly");
        // Grizzly's default is two workers per core; requests that wait on the database (a commit,
        // a lock) would queue behind each other with so few
        listener.getTransport().setWorkerThreadPoolConfig(org.glassfish.grizzly.threadpool.ThreadPoolConfig
                .defaultConfig().setPoolName("grizzly-http-server").setCorePoolSize(Math.min(8, workerThreads))
                .setMaxPoolSize(workerThreads));
        listener.registerAddOn(ForeignUpgradeFilter.addOn());
        beforeStart.accept(listener);
        server.start();
        return new WebServer(server, grace);
    }

    /** The port actually bound (useful when 0 asked for any free one). */
    public int port() {
        return server.getListener("grizzly").getPort();
    }

    /** Stops accepting, lets in-flight requests finish within the grace period, then stops. */
    @Override
    public void close() {
        try {
            server.shutdown(grace.toMillis(), TimeUnit.MILLISECONDS).get(grace.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.shutdownNow();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("HTTP server did not stop within {}; forcing", grace);
            server.shutdownNow();
        }
    }
}
