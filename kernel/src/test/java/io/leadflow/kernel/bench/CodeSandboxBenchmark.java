package io.leadflow.kernel.bench;

import io.leadflow.api.code.CodeRequest;
import io.leadflow.api.code.CodeResult;
import io.leadflow.kernel.sandbox.CodeSandboxPool;
import io.leadflow.kernel.sandbox.SandboxSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The Code node's overhead per run, run by hand (never a test): a trivial transform of 10 items
 * through the real sandbox pool (bubblewrap, Node.js), one run after another on a warm pool, then
 * with every worker busy, then with a fresh process per run. Prints the round trip as seen from
 * Java and the time the code itself took inside the worker.
 *
 * <pre>
 * mvn -B -q -DskipTests install
 * mvn -B -q -pl kernel exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.leadflow.kernel.bench.CodeSandboxBenchmark -Dexec.args="2000"
 * </pre>
 */
public final class CodeSandboxBenchmark {
    private static final String SOURCE = "return items.map(i => ({ json: { ...i.json, score: i.json.visits * 2 } }));";

    private CodeSandboxBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            items.add(Map.of("email", "lead" + i + "@example.org", "visits", i));
        }
        CodeRequest request = CodeRequest.javascript(SOURCE).items(items).timeout(Duration.ofSeconds(5)).build();
        try (CodeSandboxPool pool = CodeSandboxPool.start(settings(100))) {
            if (pool.unavailableReason().isPresent()) {
                throw new IllegalStateException(pool.unavailableReason().get());
            }
            measure(pool, request, 200, "warm-up");
            measure(pool, request, runs, "pooled, one at a time");
            long started = System.nanoTime();
            // 32 runs in flight: every worker busy, the queue well under its bound
            java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(32);
            List<CompletableFuture<CodeResult>> all = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                inFlight.acquire();
                all.add(pool.run(request).toCompletableFuture().whenComplete((result, error) -> inFlight.release()));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("[measure] code node, pooled, all workers busy: %d runs in %.2f s = %.0f runs/s%n",
                    runs, seconds, runs / seconds);
        }
        try (CodeSandboxPool fresh = CodeSandboxPool.start(settings(1))) {
            measure(fresh, request, Math.min(runs, 100), "a fresh process per run (LEADFLOW_SANDBOX_RUNS_PER_WORKER=1)");
        }
    }

    private static SandboxSettings settings(int runsPerWorker) {
        return new SandboxSettings(true, 2, 128, runsPerWorker, 300, Duration.ofSeconds(60), 4 * 1024 * 1024, 1000,
                64 * 1024, Optional.empty(), Optional.empty());
    }

    private static void measure(CodeSandboxPool pool, CodeRequest request, int runs, String what) {
        List<Double> roundTrips = new ArrayList<>();
        List<Double> inside = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long started = System.nanoTime();
            CodeResult result = pool.run(request).toCompletableFuture().join();
            roundTrips.add((System.nanoTime() - started) / 1e6);
            inside.add(result.duration().toNanos() / 1e6);
        }
        System.out.printf("[measure] code node, %s: %d runs, round trip p50 %.2f ms, p95 %.2f ms, p99 %.2f ms; "
                        + "inside the worker p50 %.2f ms%n", what, runs, percentile(roundTrips, 50),
                percentile(roundTrips, 95), percentile(roundTrips, 99), percentile(inside, 50));
    }

    private static double percentile(List<Double> values, int p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
