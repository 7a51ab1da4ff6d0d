package io.leadflow.kernel.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.Optional;

/**
 * Token buckets keyed by caller (an IP address, a token id), refilled evenly over a minute. Idle
 * buckets are forgotten after ten minutes, so the map stays bounded whatever clients come and go.
 */
public final class RateLimiter {
    private final long perMinute;
    private final Cache<String, Bucket> buckets;

    public RateLimiter(long perMinute) {
        this.perMinute = perMinute;
        this.buckets = Caffeine.newBuilder()
                .expireAfterAccess(Duration.ofMinutes(10))
                .maximumSize(200_000)
                .build();
    }

    /** Takes one permit for {@code key}; empty if granted, otherwise how long until the next one. */
    public Optional<Duration> acquire(String key) {
        Bucket bucket = buckets.get(key, k -> Bucket.builder()
                .addLimit(limit -> limit.capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)))
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? Optional.empty() : Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }

    /** Throws a 429 problem when {@code key} has no permit left. */
    public void check(String key, String scope) {
        acquire(key).ifPresent(wait -> {
            throw ProblemException.rateLimited(scope, wait);
        });
    }
}
