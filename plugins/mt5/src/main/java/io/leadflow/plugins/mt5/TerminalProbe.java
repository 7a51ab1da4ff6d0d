package io.leadflow.plugins.mt5;

import io.leadflow.api.http.HttpClient;
import io.leadflow.api.http.HttpRequest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * One plain GET of the terminal page through the kernel's HTTP client before the browser opens
 * it. It is what makes the browser's target pass the kernel's guard against internal addresses,
 * and what lets an unreachable terminal count on the kernel's circuit breaker for that host and
 * credential: the breaker sees the failure, opens, and later reads fail fast without a browser.
 */
final class TerminalProbe {
    private TerminalProbe() {
    }

    /**
     * Completes when the terminal answers below HTTP 500; fails with a {@link TerminalException}
     * ({@code terminal-unavailable}, or {@code invalid-account} for an address the guard refuses).
     */
    static CompletionStage<Void> check(HttpClient http, TerminalAccount account, Duration timeout) {
        HttpRequest request = HttpRequest.get(account.terminalUrl())
                .header("Accept", "text/html")
                .timeout(timeout)
                .build();
        CompletionStage<Void> checked;
        try {
            checked = http.send(request).thenAccept(response -> {
                if (response.status() >= 500 || response.status() == 429) {
                    throw TerminalException.unavailable("the MT5 web terminal at " + account.terminalAddress()
                            + " answered HTTP " + response.status(), null);
                }
            });
        } catch (RuntimeException e) {
            checked = CompletableFuture.failedFuture(e);
        }
        return checked.exceptionally(error -> {
            Throwable cause = cause(error);
            if (cause instanceof TerminalException terminal) {
                throw terminal;
            }
            String kind = cause.getClass().getSimpleName();
            if (kind.equals("BlockedRequestException")) {
                throw TerminalException.invalidAccount("the terminal's address is not allowed: " + cause.getMessage());
            }
            if (kind.equals("CircuitOpenException")) {
                throw TerminalException.unavailable(cause.getMessage(), cause);
            }
            throw TerminalException.unavailable("the MT5 web terminal at " + account.terminalAddress()
                    + " did not answer: " + describe(cause), cause);
        });
    }

    static Throwable cause(Throwable error) {
        Throwable current = error;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    static String describe(Throwable error) {
        String message = error.getMessage();
        return message == null || message.isBlank() ? error.getClass().getSimpleName()
                : error.getClass().getSimpleName() + ": " + message;
    }
}
