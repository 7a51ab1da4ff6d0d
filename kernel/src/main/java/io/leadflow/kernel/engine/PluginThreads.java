package io.leadflow.kernel.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Where plugin code runs: each plugin gets a small pool of its own threads, so a node that blocks
 * (sleeps, waits on a lock, does blocking I/O) holds one of its plugin's threads, never an engine
 * worker, and never more threads than its plugin has. One deadline covers the whole call: the wait
 * for a thread, a blocked {@code execute()} and a returned stage that never completes. When it
 * passes, or the call is canceled or its plugin stopped, the call fails at once and a thread still
 * inside plugin code is interrupted; until that thread comes back the plugin counts as stuck.
 */
final class PluginThreads implements AutoCloseable {
    private final int threadsPerPlugin;
    private final Map<String, Compartment> compartments = new ConcurrentHashMap<>();
    // stopped plugins' compartments whose threads are still inside plugin code: health names them until they return
    private final Set<Compartment> retired = ConcurrentHashMap.newKeySet();
    private final ScheduledThreadPoolExecutor deadlines = new ScheduledThreadPoolExecutor(1, runnable -> {
        Thread thread = new Thread(runnable, "plugin-deadlines");
        thread.setDaemon(true);
        return thread;
    });

    PluginThreads(int threadsPerPlugin) {
        this.threadsPerPlugin = threadsPerPlugin;
        deadlines.setRemoveOnCancelPolicy(true); // thousands of calls a second, each with a timer it cancels
    }

    /** Why a call ended without its result. */
    static final class CallAbandoned extends RuntimeException {
        private final boolean timedOut;

        CallAbandoned(String message, boolean timedOut) {
            super(message, null, false, false);
            this.timedOut = timedOut;
        }

        /** True for a passed deadline, false for a cancel or a stopped plugin. */
        boolean timedOut() {
            return timedOut;
        }
    }

    /**
     * Runs {@code work} on one of the plugin's threads; the thread is let go as soon as the work has
     * returned its stage. The answer completes with the stage's result, or exceptionally with
     * {@link CallAbandoned} once the deadline passes, {@code cancellation} fires or the plugin stops.
     * {@code whenOver} runs once the answer is in and no thread is inside the plugin's code for this
     * call any more: a thread still blocked past its deadline keeps, say, its plugin's class loader.
     */
    <T> CompletableFuture<T> call(String pluginId, String nodeType, Duration deadline, Cancellation cancellation,
                                  Supplier<? extends CompletionStage<T>> work, Runnable whenOver) {
        Compartment compartment = compartments.computeIfAbsent(pluginId, Compartment::new);
        Call<T> call = new Call<>(compartment, nodeType, deadline, work);
        CompletableFuture.allOf(call.answer, call.left).whenComplete((ignored, error) -> whenOver.run());
        if (!cancellation.register(call)) {
            call.abandon("the execution was canceled", false);
            return call.answer;
        }
        call.answer.whenComplete((value, error) -> cancellation.deregister(call));
        compartment.start(call);
        if (!call.answer.isDone()) {
            var timer = deadlines.schedule(() -> call.abandon(call.lateMessage(), true), deadline.toMillis(),
                    TimeUnit.MILLISECONDS);
            call.answer.whenComplete((value, error) -> timer.cancel(false));
        }
        return call.answer;
    }

    /** The plugin stopped or was removed: its calls fail now, its threads are interrupted and let go. */
    void stop(String pluginId) {
        Compartment compartment = compartments.remove(pluginId);
        if (compartment != null) {
            compartment.stop();
            if (compartment.blocked.get() > 0) {
                retired.add(compartment);
            }
        }
    }

    /** The plugins with calls still inside plugin code past their end, with how many and their threads. */
    Map<String, Map<String, Object>> stuck() {
        Map<String, Map<String, Object>> stuck = new TreeMap<>();
        retired.removeIf(compartment -> compartment.blocked.get() == 0);
        List<Compartment> all = new ArrayList<>(retired);
        all.addAll(compartments.values());
        for (Compartment compartment : all) {
            int blocked = compartment.blocked.get();
            if (blocked > 0) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("blockedCalls", blocked);
                entry.put("busyThreads", compartment.pool.getActiveCount());
                entry.put("threads", threadsPerPlugin);
                entry.put("stopped", compartment.pool.isShutdown());
                stuck.merge(compartment.pluginId, entry, (running, stopped) -> running);
            }
        }
        return stuck;
    }

    /** How many of a plugin's threads are inside plugin code now. */
    int busy(String pluginId) {
        Compartment compartment = compartments.get(pluginId);
        return compartment == null ? 0 : compartment.pool.getActiveCount();
    }

    @Override
    public void close() {
        compartments.keySet().forEach(this::stop);
        deadlines.shutdownNow();
    }

    /** One plugin's threads and the calls abandoned while still inside its code. */
    private final class Compartment {
        private final String pluginId;
        private final ThreadPoolExecutor pool;
        private final AtomicInteger blocked = new AtomicInteger();
        private final Set<Call<?>> calls = ConcurrentHashMap.newKeySet();

        Compartment(String pluginId) {
            this.pluginId = pluginId;
            AtomicInteger number = new AtomicInteger();
            this.pool = new ThreadPoolExecutor(threadsPerPlugin, threadsPerPlugin, 30, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), runnable -> {
                        Thread thread = new Thread(runnable, "plugin-" + pluginId + "-" + number.incrementAndGet());
                        thread.setDaemon(true);
                        return thread;
                    });
            pool.allowCoreThreadTimeOut(true);
        }

        void start(Call<?> call) {
            calls.add(call);
            call.answer.whenComplete((value, error) -> calls.remove(call));
            try {
                pool.execute(call);
            } catch (RejectedExecutionException e) {
                call.abandon("plugin '" + pluginId + "' is stopped", false);
            }
        }

        void stop() {
            for (Call<?> call : calls) {
                call.abandon("plugin '" + pluginId + "' was stopped while node '" + call.nodeType + "' ran", false);
            }
            pool.shutdownNow();
        }
    }

    /** One call into plugin code: queued, then inside plugin code, then returned. */
    private static final class Call<T> implements Runnable {
        private static final int QUEUED = 0;
        private static final int INSIDE = 1;
        private static final int RETURNED = 2;
        private static final int ABANDONED = 3;

        private final Compartment compartment;
        private final String nodeType;
        private final Duration deadline;
        private final Supplier<? extends CompletionStage<T>> work;
        private final CompletableFuture<T> answer = new CompletableFuture<>();
        /** Completes when no thread is (or will be) inside plugin code for this call. */
        private final CompletableFuture<Void> left = new CompletableFuture<>();
        private final AtomicInteger state = new AtomicInteger(QUEUED);
        private final AtomicReference<Thread> thread = new AtomicReference<>();

        Call(Compartment compartment, String nodeType, Duration deadline, Supplier<? extends CompletionStage<T>> work) {
            this.compartment = compartment;
            this.nodeType = nodeType;
            this.deadline = deadline;
            this.work = work;
        }

        @Override
        public void run() {
            thread.set(Thread.currentThread());
            if (!state.compareAndSet(QUEUED, INSIDE)) {
                left.complete(null);
                return; // abandoned while it waited for a thread
            }
            CompletionStage<T> stage;
            boolean abandoned;
            try {
                stage = work.get();
            } catch (Throwable e) {
                stage = CompletableFuture.failedFuture(e);
            } finally {
                synchronized (this) {
                    abandoned = !state.compareAndSet(INSIDE, RETURNED);
                    if (abandoned) {
                        compartment.blocked.decrementAndGet(); // an abandoned call's thread came back at last
                        Thread.interrupted(); // the interrupt was for this call, not the pool's next one
                    }
                }
                left.complete(null);
            }
            if (abandoned) {
                return; // too late: the answer is the abandonment's, whatever the work returned
            }
            if (stage == null) {
                answer.complete(null);
                return;
            }
            stage.whenComplete((value, error) -> {
                if (error != null) {
                    answer.completeExceptionally(error);
                } else {
                    answer.complete(value);
                }
            });
        }

        String lateMessage() {
            String plugin = "plugin '" + compartment.pluginId + "' node '" + nodeType + "' did not finish within "
                    + deadline.toMillis() + " ms";
            return switch (state.get()) {
                case QUEUED -> plugin + " (it waited for one of its plugin's threads, all busy)";
                case INSIDE -> plugin + " (its thread is still blocked in plugin code)";
                default -> plugin + " (its result never came)";
            };
        }

        void abandon(String why, boolean timedOut) {
            // counted before the answer completes, so whoever sees the failure also sees the stuck thread
            synchronized (this) {
                if (answer.isDone()) {
                    return;
                }
                if (state.compareAndSet(INSIDE, ABANDONED)) {
                    compartment.blocked.incrementAndGet();
                    thread.get().interrupt();
                } else if (state.compareAndSet(QUEUED, ABANDONED)) {
                    left.complete(null); // it never runs: a stopped pool drops it, a running one skips it
                }
            }
            answer.completeExceptionally(new CallAbandoned(why, timedOut));
        }
    }

    /**
     * The calls one execution has in plugin code, so that canceling the execution abandons them.
     * Registered calls are abandoned by {@link #cancel()}; later ones are refused.
     */
    static final class Cancellation {
        private final Set<Call<?>> calls = ConcurrentHashMap.newKeySet();
        private volatile boolean canceled;

        boolean register(Call<?> call) {
            calls.add(call);
            if (canceled) {
                calls.remove(call);
                return false;
            }
            return true;
        }

        void deregister(Call<?> call) {
            calls.remove(call);
        }

        /** Abandons every call in flight (interrupting threads inside plugin code) and any later one. */
        void cancel() {
            canceled = true;
            for (Call<?> call : calls) {
                call.abandon("the execution was canceled", false);
            }
        }

        boolean canceled() {
            return canceled;
        }
    }
}
