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
            CompletableFuture<String> call = threads.call("slow", "slow.sleep", Duration.ofMillis(200),
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
                stuck.add(threads.call("stuck", "stuck.wait", Duration.ofSeconds(1), new PluginThreads.Cancellation(),
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
            CompletableFuture<String> other = threads.call("other", "other.fast", Duration.ofSeconds(1),
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
            CompletableFuture<String> canceled = threads.call("p", "p.block", Duration.ofSeconds(30), execution,
                    () -> blockUntilInterrupted(released));
            CompletableFuture<String> stubborn = threads.call("p", "p.stubborn", Duration.ofMillis(100),
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

            CompletableFuture<String> stopped = threads.call("p", "p.block", Duration.ofSeconds(30),
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
            assertThat(failureOf(threads.call("q", "q.x", Duration.ofSeconds(1), cancelled(), () -> null)))
                    .hasMessageContaining("canceled");
        }
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
