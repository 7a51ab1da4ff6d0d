package io.leadflow.kernel.marketplace;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.RetryPolicy;
import dev.failsafe.Timeout;
import dev.failsafe.TimeoutExceededException;
import io.leadflow.marketplace.IndexFiles;
import io.leadflow.marketplace.IndexRelease;
import io.leadflow.marketplace.IndexSource;
import io.leadflow.marketplace.IndexUnavailableException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The calls to the index location, behind Failsafe: a failed read (network, timeout, HTTP error)
 * is retried with exponential backoff and jitter, each attempt under a time limit. A refusal is
 * never retried: the same bytes would be refused again.
 */
final class IndexCalls {
    private final IndexSource source;
    private final FailsafeExecutor<Object> load;
    private final FailsafeExecutor<Object> download;

    IndexCalls(IndexSource source, int retries, Duration backoff, Duration loadTimeout, Duration downloadTimeout) {
        this.source = source;
        RetryPolicy<Object> retry = RetryPolicy.builder()
                .handle(IndexUnavailableException.class, TimeoutExceededException.class)
                .withBackoff(backoff, backoff.multipliedBy(10))
                .withJitter(0.25)
                .withMaxRetries(retries)
                .build();
        this.load = Failsafe.with(retry).compose(Timeout.builder(loadTimeout).withInterrupt().build());
        this.download = Failsafe.with(retry).compose(Timeout.builder(downloadTimeout).withInterrupt().build());
    }

    String location() {
        return source.location();
    }

    IndexFiles load() {
        return (IndexFiles) unavailableOnTimeout(() -> load.get(source::load));
    }

    void download(IndexRelease release, Path target) {
        unavailableOnTimeout(() -> download.get(() -> {
            source.download(release, target, bytes -> { });
            return target;
        }));
    }

    private Object unavailableOnTimeout(java.util.function.Supplier<Object> call) {
        try {
            return call.get();
        } catch (TimeoutExceededException e) {
            throw new IndexUnavailableException("the marketplace at " + source.location() + " did not answer in time", e);
        }
    }
}
