package io.leadflow.kernel.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PluginThreadsTest {

    @Test
    void aBlockedCallFailsAtItsDeadlineAndItsThreadIsInterrupted() throws Exception {
        try (PluginThreads threads = new PluginThreads(2)) {
            CountDownLatch interrupted = new CountDownLatch(1);
            CompletableFuture<String> call = call(threads, "slow", "slow.sleep", Duration.ofMillis(200),
                    new PluginThreads.Cancellation(), () -> {
                        try {
                            Thread.sleep(60_000);
                        } catch (InterruptedException e) {
                            interrupted.countDown();
                        }
                        return CompletableFuture.completedFuture("late");
                    });
            long started = System.nanoTime();
            Throwable failure = failureOf(call);
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertThat(failure).isInstanceOf(PluginThreads.CallAbandoned.class)
                    .hasMessageContaining("plugin 'slow' node 'slow.sleep' did not finish within 200 ms")
                    .hasMessageContaining("still blocked in plugin code");
            assertThat(((PluginThreads.CallAbandoned) failure).timedOut()).isTrue();
            assertThat(tookMillis).isBetween(150L, 2_000L);
            assertThat(interrupted.await(2, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aPluginNeverHoldsMoreThanItsThreadsAndOtherPluginsAreNotHeldUp() throws Exception {
        try (PluginThreads threads = new PluginThreads(3)) {
            AtomicInteger inside = new AtomicInteger();
            AtomicInteger most = new AtomicInteger();
            CountDownLatch never = new CountDownLatch(1);
            List<CompletableFuture<String>> stuck = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                stuck.add(call(threads, "stuck", "stuck.wait", Duration.ofSeconds(1), new PluginThreads.Cancellation(),
                        () -> {
                            most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                            try {
                                awaitUninterruptibly(never); // holds its thread whatever happens
                            } finally {
                                inside.decrementAndGet();
                            }
                            return CompletableFuture.completedFuture("never");
                        }));
            }
            CompletableFuture<String> other = call(threads, "other", "other.fast", Duration.ofSeconds(1),
                    new PluginThreads.Cancellation(), () -> CompletableFuture.completedFuture("fast"));
            assertThat(other.get(500, TimeUnit.MILLISECONDS)).isEqualTo("fast");
            Thread.sleep(100);
            assertThat(threads.busy("stuck")).isEqualTo(3);
            assertThat(threads.stuck()).isEmpty(); // busy, but not past any deadline yet
            List<String> messages = new ArrayList<>();
            for (CompletableFuture<String> call : stuck) {
                messages.add(failureOf(call).getMessage());
            }
            assertThat(most.get()).isEqualTo(3);
            assertThat(messages).filteredOn(m -> m.contains("waited for one of its plugin's threads")).hasSize(7);
            assertThat(messages).filteredOn(m -> m.contains("still blocked in plugin code")).hasSize(3);
            assertThat(threads.stuck().get("stuck").get("blockedCalls")).isEqualTo(3);
            never.countDown();
        }
    }

    @Test
    void cancelAndStopReleaseThreadsAndHealthSeesStuckCallsUntilTheyReturn() throws Exception {
        try (PluginThreads threads = new PluginThreads(4)) {
            PluginThreads.Cancellation execution = new PluginThreads.Cancellation();
            CountDownLatch released = new CountDownLatch(2);
            CountDownLatch ignoreInterrupts = new CountDownLatch(1);
            CompletableFuture<String> canceled = call(threads, "p", "p.block", Duration.ofSeconds(30), execution,
                    () -> blockUntilInterrupted(released));
            CompletableFuture<String> stubborn = call(threads, "p", "p.stubborn", Duration.ofMillis(100),
                    new PluginThreads.Cancellation(), () -> {
                        awaitUninterruptibly(ignoreInterrupts); // a plugin that swallows interrupts
                        return CompletableFuture.completedFuture("finally");
                    });
            Thread.sleep(100);
            execution.cancel();
            assertThat(failureOf(canceled)).hasMessageContaining("canceled");
            assertThat(failureOf(stubborn)).hasMessageContaining("did not finish within 100 ms");
            assertThat(threads.stuck()).containsKey("p");
            assertThat(threads.stuck().get("p").get("blockedCalls")).isIn(1, 2);

            CompletableFuture<String> stopped = call(threads, "p", "p.block", Duration.ofSeconds(30),
                    new PluginThreads.Cancellation(), () -> blockUntilInterrupted(released));
            Thread.sleep(100);
            threads.stop("p");
            assertThat(failureOf(stopped)).hasMessageContaining("plugin 'p' was stopped");
            assertThat(released.await(2, TimeUnit.SECONDS)).isTrue();
            assertThat(threads.stuck()).containsKey("p"); // the stubborn one is still inside plugin code
            ignoreInterrupts.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (!threads.stuck().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(threads.stuck()).isEmpty();
            assertThat(failureOf(call(threads, "q", "q.x", Duration.ofSeconds(1), cancelled(), () -> null)))
                    .hasMessageContaining("canceled");
        }
    }

    @Test
    void theCallIsOverOnlyOnceItsThreadHasLeftThePluginsCode() throws Exception {
        try (PluginThreads threads = new PluginThreads(1)) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch over = new CountDownLatch(1);
            CompletableFuture<String> call = threads.call("p", "p.deaf", Duration.ofMillis(100),
                    new PluginThreads.Cancellation(), () -> {
                        awaitUninterruptibly(release);
                        return CompletableFuture.completedFuture("late");
                    }, over::countDown);
            assertThat(failureOf(call)).hasMessageContaining("did not finish within 100 ms");
            assertThat(over.await(300, TimeUnit.MILLISECONDS)).as("over while its thread is still inside").isFalse();
            release.countDown();
            assertThat(over.await(2, TimeUnit.SECONDS)).isTrue();

            CountDownLatch queuedOver = new CountDownLatch(1);
            CountDownLatch hold = new CountDownLatch(1);
            call(threads, "p", "p.hold", Duration.ofSeconds(5), new PluginThreads.Cancellation(), () -> {
                awaitUninterruptibly(hold);
                return CompletableFuture.completedFuture("held");
            });
            PluginThreads.Cancellation execution = new PluginThreads.Cancellation();
            threads.call("p", "p.queued", Duration.ofSeconds(5), execution,
                    () -> CompletableFuture.completedFuture("never runs"), queuedOver::countDown);
            execution.cancel();
            assertThat(queuedOver.await(1, TimeUnit.SECONDS)).as("a queued call is over when abandoned").isTrue();
            hold.countDown();
        }
    }

    private static <T> CompletableFuture<T> call(PluginThreads threads, String plugin, String type, Duration deadline,
                                                 PluginThreads.Cancellation cancellation,
                                                 java.util.function.Supplier<CompletableFuture<T>> work) {
        return threads.call(plugin, type, deadline, cancellation, work, () -> { });
    }

    private static PluginThreads.Cancellation cancelled() {
        PluginThreads.Cancellation cancellation = new PluginThreads.Cancellation();
        cancellation.cancel();
        return cancellation;
    }

    private static CompletableFuture<String> blockUntilInterrupted(CountDownLatch released) {
        try {
            Thread.sleep(60_000);
        } catch (InterruptedException e) {
            released.countDown();
        }
        return CompletableFuture.completedFuture("late");
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        while (true) {
            try {
                latch.await();
                return;
            } catch (InterruptedException e) {
                // swallowed on purpose
            }
        }
    }

    private static Throwable failureOf(CompletableFuture<?> call) throws InterruptedException {
        try {
            call.get(5, TimeUnit.SECONDS);
            throw new AssertionError("the call succeeded");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the call did not end within 5 s");
        }
    }
}
