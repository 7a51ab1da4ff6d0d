package io.leadflow.kernel.plugin;

import io.leadflow.api.http.HttpClient;
import io.leadflow.api.http.HttpRequest;
import io.leadflow.api.http.HttpResponse;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The HTTP client plugins get: the JDK's, with a default timeout and a guard that refuses
 * requests to loopback, private, link-local and other internal addresses (SSRF), unless the
 * kernel is configured to allow them (tests with local provider fakes, private deployments).
 * Retries and circuit breakers per endpoint wrap this client in the engine.
 */
public final class GuardedHttpClient implements HttpClient {
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final Set<String> METHODS_WITHOUT_BODY = Set.of("GET", "HEAD", "DELETE", "OPTIONS");

    private final java.net.http.HttpClient client;
    private final boolean allowPrivateNetworks;
    private final Executor resolver;

    public GuardedHttpClient(boolean allowPrivateNetworks, Executor resolver) {
        this.allowPrivateNetworks = allowPrivateNetworks;
        this.resolver = resolver;
        this.client = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(java.net.http.HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public CompletionStage<HttpResponse> send(HttpRequest request) {
        String scheme = request.uri().getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
            return CompletableFuture.failedFuture(new BlockedRequestException("only http and https URLs are allowed"));
        }
        return CompletableFuture.runAsync(() -> checkAddress(request.uri().getHost()), resolver)
                .thenCompose(ignored -> client.sendAsync(toJdk(request), BodyHandlers.ofByteArray()))
                .thenApply(response -> new HttpResponse(response.statusCode(), response.headers().map(), response.body()));
    }

    private java.net.http.HttpRequest toJdk(HttpRequest request) {
        byte[] body = request.body();
        java.net.http.HttpRequest.Builder builder = java.net.http.HttpRequest.newBuilder(request.uri())
                .timeout(request.timeout() == null ? DEFAULT_TIMEOUT : request.timeout())
                .method(request.method(), body.length == 0 && METHODS_WITHOUT_BODY.contains(request.method())
                        ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(body));
        request.headers().forEach((name, values) -> values.forEach(value -> builder.header(name, value)));
        return builder.build();
    }

    private void checkAddress(String host) {
        if (host == null) {
            throw new BlockedRequestException("the URL has no host");
        }
        if (allowPrivateNetworks) {
            return;
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (internal(address)) {
                    throw new BlockedRequestException("requests to internal addresses are not allowed (" + host + ")");
                }
            }
        } catch (UnknownHostException e) {
            throw new BlockedRequestException("unknown host " + host);
        }
    }

    private static boolean internal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] raw = address.getAddress();
        if (address instanceof Inet6Address) {
            return (raw[0] & 0xFE) == 0xFC; // fc00::/7 unique local
        }
        // 100.64.0.0/10, carrier-grade NAT (169.254/16 metadata endpoints are link-local above)
        return (raw[0] & 0xFF) == 100 && (raw[1] & 0xC0) == 64;
    }

    /** A request the guard refused before sending it. */
    public static final class BlockedRequestException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BlockedRequestException(String message) {
            super(message);
        }
    }
}
