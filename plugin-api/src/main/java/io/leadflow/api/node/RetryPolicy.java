package io.leadflow.api.node;

import java.time.Duration;
import java.util.Objects;

/**
 * How often and how patiently the kernel retries a node whose run failed with a retryable
 * failure: exponential backoff with jitter, from {@code initialDelay} up to {@code maxDelay}.
 * A workflow may override it per node.
 *
 * @param maxAttempts total attempts, the first included (1 means no retry)
 * @param initialDelay the delay before the second attempt
 * @param maxDelay the longest delay between attempts
 * @param multiplier the factor the delay grows by per attempt
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay, double multiplier) {

    /** Three attempts, 1 s then 2 s apart, capped at 30 s: the default for external calls. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(30), 2.0);

    /** A single attempt. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 1.0);

    /**
     * Validates the policy.
     *
     * @param maxAttempts total attempts
     * @param initialDelay first delay
     * @param maxDelay longest delay
     * @param multiplier growth factor
     */
    public RetryPolicy {
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (maxAttempts < 1 || maxAttempts > 100) {
            throw new IllegalArgumentException("maxAttempts must be between 1 and 100");
        }
        if (multiplier < 1.0) {
            throw new IllegalArgumentException("multiplier must be at least 1");
        }
        if (maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("maxDelay must not be shorter than initialDelay");
        }
    }
}
