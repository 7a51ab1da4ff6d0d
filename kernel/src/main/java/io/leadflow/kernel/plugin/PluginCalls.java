package io.leadflow.kernel.plugin;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Calls into plugin code the kernel cannot trust to return: each call runs on a daemon thread and
 * is abandoned after a timeout, so a plugin that throws or hangs in its constructor, static
 * initialiser or descriptor is refused instead of taking the caller with it.
 */
final class PluginCalls implements AutoCloseable {
    private final ExecutorService threads;

    PluginCalls() {
        AtomicInteger counter = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "plugin-call-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Runs {@code call}; a throw or a timeout becomes a 422 refusal naming {@code what}. */
    <T> T call(String check, String what, Duration timeout, Callable<T> call) {
        Future<T> future = threads.submit(call);
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw PluginRefusedException.of(check, what + " did not return within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw PluginRefusedException.of(check, what + " failed: " + KernelPluginManager.describe(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PluginRefusedException.of(check, what + " was interrupted");
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
