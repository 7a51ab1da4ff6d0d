package io.leadflow.kernel.circuit;

import dev.failsafe.CircuitBreaker;
import io.leadflow.api.http.HttpResponse;
import io.leadflow.kernel.realtime.EventBus;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One Failsafe circuit breaker per integration endpoint and credential. A breaker opens after 5
 * failures (an exception, a 5xx or a 429) among the last 10 calls, stays open 30 s, then lets calls
 * through half-open and closes after 2 successes. Every state change is published on
 * {@value #TOPIC}.
 */
public final class CircuitRegistry {
    public static final String TOPIC = "circuits";

    /** A breaker and what it guards. */
    record Entry(String host, String credential, CircuitBreaker<HttpResponse> breaker, Instant[] since) {
    }

    private final Map<String, Entry> breakers = new ConcurrentHashMap<>();
    private final EventBus events;
    private final int failureThreshold;
    private final int window;
    private final Duration openFor;
    private final int successThreshold;

    public CircuitRegistry(EventBus events) {
        this(events, 5, 10, Duration.ofSeconds(30), 2);
    }

    public CircuitRegistry(EventBus events, int failureThreshold, int window, Duration openFor, int successThreshold) {
        this.events = events;
        this.failureThreshold = failureThreshold;
        this.window = window;
        this.openFor = openFor;
        this.successThreshold = successThreshold;
    }

    CircuitBreaker<HttpResponse> breaker(String host, String credential) {
        String key = host + "|" + credential;
        return breakers.computeIfAbsent(key, k -> create(host, credential)).breaker();
    }

    private Entry create(String host, String credential) {
        Instant[] since = {Instant.now()};
        CircuitBreaker<HttpResponse> breaker = CircuitBreaker.<HttpResponse>builder()
                .handleResultIf(response -> response.status() >= 500 || response.status() == 429)
                .withFailureThreshold(failureThreshold, window)
                .withDelay(openFor)
                .withSuccessThreshold(successThreshold)
                .onOpen(event -> changed(host, credential, "open", since))
                .onHalfOpen(event -> changed(host, credential, "half-open", since))
                .onClose(event -> changed(host, credential, "closed", since))
                .build();
        return new Entry(host, credential, breaker, since);
    }

    private void changed(String host, String credential, String state, Instant[] since) {
        since[0] = Instant.now();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("host", host);
        data.put("credential", credential);
        data.put("state", state);
        events.publish(TOPIC, "circuit." + state, data);
    }

    /** Every breaker's state, most recently changed first. */
    public List<Map<String, Object>> states() {
        return breakers.values().stream()
                .sorted(Comparator.comparing((Entry entry) -> entry.since()[0]).reversed())
                .map(entry -> {
                    Map<String, Object> state = new LinkedHashMap<>();
                    state.put("host", entry.host());
                    state.put("credential", entry.credential());
                    state.put("state", switch (entry.breaker().getState()) {
                        case OPEN -> "open";
                        case HALF_OPEN -> "half-open";
                        case CLOSED -> "closed";
                    });
                    state.put("since", entry.since()[0].toString());
                    state.put("recentFailures", entry.breaker().getFailureCount());
                    state.put("recentSuccesses", entry.breaker().getSuccessCount());
                    return state;
                }).toList();
    }
}
