package io.leadflow.kernel.circuit;

import dev.failsafe.CircuitBreakerOpenException;
import dev.failsafe.Failsafe;
import io.leadflow.api.http.HttpClient;
import io.leadflow.api.http.HttpRequest;
import io.leadflow.api.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A node run's HTTP client: every call goes through the breaker of its host and the run's
 * credential. An open breaker fails the call at once with {@link CircuitOpenException}.
 */
public final class CircuitHttpClient implements HttpClient {
    private final HttpClient delegate;
    private final CircuitRegistry circuits;
    private final String credential;

    public CircuitHttpClient(HttpClient delegate, CircuitRegistry circuits, String credential) {
        this.delegate = delegate;
        this.circuits = circuits;
        this.credential = credential == null ? "-" : credential;
    }

    @Override
    public CompletionStage<HttpResponse> send(HttpRequest request) {
        String host = request.uri().getHost() + (request.uri().getPort() > 0 ? ":" + request.uri().getPort() : "");
        CompletableFuture<HttpResponse> result = Failsafe.with(circuits.breaker(host, credential))
                .getStageAsync(() -> delegate.send(request));
        return result.exceptionallyCompose(error -> {
            Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            if (cause instanceof CircuitBreakerOpenException) {
                return CompletableFuture.failedFuture(new CircuitOpenException(host));
            }
            return CompletableFuture.failedFuture(cause);
        });
    }

    /** The breaker of this endpoint is open: the provider failed repeatedly; try again later. */
    public static final class CircuitOpenException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CircuitOpenException(String host) {
            super("the circuit breaker for " + host + " is open after repeated failures; failing fast");
        }
    }
}
