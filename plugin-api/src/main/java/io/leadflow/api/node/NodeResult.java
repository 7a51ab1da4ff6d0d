package io.leadflow.api.node;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a node run produced: items on output ports, a durable wait, or a failure. Waits are rows in
 * the kernel's database, not sleeping threads, so they may last days.
 */
public sealed interface NodeResult
        permits NodeResult.Emit, NodeResult.WaitUntil, NodeResult.WaitForEvent, NodeResult.Failure {

    /**
     * Items on the {@code main} output.
     *
     * @param items the items
     * @return the result
     */
    static NodeResult items(List<Item> items) {
        return new Emit(Map.of(Port.MAIN, items));
    }

    /**
     * Items on one named output.
     *
     * @param port the output port
     * @param items the items
     * @return the result
     */
    static NodeResult toPort(String port, List<Item> items) {
        return new Emit(Map.of(port, items));
    }

    /**
     * Items on several output ports at once, such as valid items on {@code accepted} and the rest on
     * {@code rejected}. The kernel sends each port's items along the edges leaving that port; a port
     * with an empty list sends nothing, and items on a port no edge leaves go nowhere. Name only
     * ports the descriptor declares as outputs: the editor draws edges from those alone.
     *
     * <pre>{@code
     * return CompletableFuture.completedFuture(NodeResult.toPorts(Map.of("accepted", valid, "rejected", invalid)));
     * }</pre>
     *
     * @param itemsByPort items per output port name
     * @return the result
     * @throws IllegalArgumentException if a port name breaks {@link IdentifierRules#PORT_NAME}
     * @since node 1.5.0
     */
    static NodeResult toPorts(Map<String, List<Item>> itemsByPort) {
        Objects.requireNonNull(itemsByPort, "itemsByPort");
        itemsByPort.forEach((port, items) -> {
            IdentifierRules.requirePortName(port);
            Objects.requireNonNull(items, () -> "the items of port '" + port + "'");
        });
        return new Emit(itemsByPort);
    }

    /**
     * A retryable failure: the kernel retries with the node's retry policy.
     *
     * @param message what went wrong, for people
     * @return the result
     */
    static NodeResult retryableFailure(String message) {
        return new Failure(message, true, null, Map.of());
    }

    /**
     * A permanent failure: retrying would not help (bad input, refused by the provider).
     *
     * @param message what went wrong, for people
     * @return the result
     */
    static NodeResult permanentFailure(String message) {
        return new Failure(message, false, null, Map.of());
    }

    /**
     * Items per output port.
     *
     * @param byPort items per output port name
     */
    record Emit(Map<String, List<Item>> byPort) implements NodeResult {
        /**
         * Copies the map and lists.
         *
         * @param byPort items per output port name
         */
        public Emit {
            Map<String, List<Item>> copy = new LinkedHashMap<>();
            byPort.forEach((port, items) -> copy.put(port, List.copyOf(items)));
            byPort = java.util.Collections.unmodifiableMap(copy);
        }
    }

    /**
     * Pause until {@code until}, then emit {@code then} on the {@code main} output.
     *
     * @param until when to go on
     * @param then the items to emit when the time comes
     */
    record WaitUntil(Instant until, List<Item> then) implements NodeResult {
        /**
         * Validates and copies.
         *
         * @param until when to go on
         * @param then the items to emit then
         */
        public WaitUntil {
            Objects.requireNonNull(until, "until");
            then = List.copyOf(then);
        }
    }

    /**
     * Pause until the kernel sees an event of {@code eventType} whose correlation key matches (e.g.
     * {@code message.received} for this lead), then emit the event's items on {@code receivedPort};
     * after {@code timeout} without one, emit {@code then} on {@code timeoutPort}. A
     * {@code receivedPort} written in braces, such as {@code {outcome}}, names a member of the event
     * instead: the items go to the port the event's value names (a call's {@code answered} or
     * {@code voicemail}), so one wait can route by what happened (since node 1.3.0).
     *
     * @param eventType the kernel event type to wait for
     * @param correlationKey the key that event must carry (e.g. the lead id)
     * @param timeout how long to wait at most
     * @param receivedPort the output for the event
     * @param timeoutPort the output when the wait times out
     * @param then the items to emit on a timeout
     */
    record WaitForEvent(String eventType, String correlationKey, Duration timeout, String receivedPort,
                        String timeoutPort, List<Item> then) implements NodeResult {
        /**
         * Validates and copies.
         *
         * @param eventType the event type
         * @param correlationKey the correlation key
         * @param timeout the longest wait
         * @param receivedPort the output for the event
         * @param timeoutPort the output for a timeout
         * @param then the items for a timeout
         */
        public WaitForEvent {
            Objects.requireNonNull(eventType, "eventType");
            Objects.requireNonNull(correlationKey, "correlationKey");
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(receivedPort, "receivedPort");
            Objects.requireNonNull(timeoutPort, "timeoutPort");
            then = List.copyOf(then);
        }
    }

    /**
     * The run failed.
     *
     * @param message what went wrong, for people (never a secret)
     * @param retryable whether trying again may succeed
     * @param code a stable machine-readable code, or null (e.g. {@code rate_limited})
     * @param details extra plain JSON values for the run's record
     */
    record Failure(String message, boolean retryable, String code, Map<String, Object> details)
            implements NodeResult {
        /**
         * Validates and copies.
         *
         * @param message the message
         * @param retryable whether retrying may help
         * @param code a code or null
         * @param details extra values
         */
        public Failure {
            Objects.requireNonNull(message, "message");
            details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details == null ? Map.of() : details));
        }
    }
}
