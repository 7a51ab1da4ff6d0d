package io.leadflow.kernel.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.leadflow.kernel.testing.ApiClient;
import io.leadflow.kernel.testing.ApiClientUpload;
import io.leadflow.kernel.testing.ApiResponse;
import io.leadflow.kernel.testing.KernelProcess;
import io.leadflow.kernel.testing.TestKernel;
import io.leadflow.kernel.testing.TestPostgres;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Engine benchmarks, run by hand (never a test), each printing figures: a real kernel on the
 * embedded PostgreSQL with the real core-nodes plugin, driven on loopback.
 *
 * <pre>
 * mvn -B -q -DskipTests install
 * mvn -B -q -pl kernel exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.leadflow.kernel.bench.EngineBenchmark -Dexec.args="throughput 20000 64"
 * </pre>
 *
 * Modes: {@code throughput [requests] [concurrency]} webhook → Set → If → Respond, every
 * execution durable before its answer, closed loop then open loop at 70 % of the rate found;
 * {@code slow [executions]} executions each waiting on an HTTP call answered after 1 s;
 * {@code live [subscribers] [executions] [interval ms]} WebSocket delivery latency with many subscribers;
 * {@code chain [nodes]} a chain of no-op nodes; {@code crash [executions]} {@code kill -9} with
 * executions in flight, then recovery.
 */
public final class EngineBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> SETTINGS = Map.of("LEADFLOW_RATE_LIMIT_IP_PER_MINUTE", "100000000",
            "LEADFLOW_RATE_LIMIT_TOKEN_PER_MINUTE", "100000000", "LEADFLOW_DB_POOL_SIZE", "16",
            "LEADFLOW_MAX_WEBHOOKS_IN_FLIGHT", "4096");

    private EngineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "throughput";
        int first = args.length > 1 ? Integer.parseInt(args[1]) : -1;
        int second = args.length > 2 ? Integer.parseInt(args[2]) : -1;
        int third = args.length > 3 ? Integer.parseInt(args[3]) : -1;
        switch (mode) {
            case "throughput" -> throughput(first > 0 ? first : 20_000, second > 0 ? second : 64, third);
            case "slow" -> slow(first > 0 ? first : 2_000);
            case "live" -> live(first > 0 ? first : 1_000, second > 0 ? second : 300, third > 0 ? third : 10);
            case "chain" -> chain(first > 0 ? first : 400);
            case "crash" -> crash(first > 0 ? first : 500);
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
        System.exit(0);
    }

    // -- (a) throughput -------------------------------------------------------------------------

    /** Closed loop, then open loop at 70 % of the rate found and, when given, at a fixed rate. */
    private static void throughput(int requests, int concurrency, int fixedRate) throws Exception {
        try (ShippedKernel kernel = ShippedKernel.start(SETTINGS)) {
            ApiClient admin = kernel.admin();
            ObjectNode doc = workflow("Bench");
            node(doc, "hook", "Hook", "core.webhook").putObject("config").put("path", "bench");
            node(doc, "set", "Set", "core.set").putObject("config").putObject("mappings")
                    .put("email", "$lowercase(body.email)");
            node(doc, "if", "If", "core.if").putObject("config").put("condition", "$contains(email, '@')");
            node(doc, "ok", "Ok", "core.respond").putObject("config").put("statusCode", 200);
            edge(doc, "hook", "main", "set");
            edge(doc, "set", "main", "if");
            edge(doc, "if", "true", "ok");
            activate(admin, doc);

            System.out.printf("database durability (health): %s%n",
                    admin.get("/api/v1/health").json().path("database").path("durability"));
            LoopbackLoad load = new LoopbackLoad(kernel.port(), "/hooks/bench", 200);
            load.closedLoop(Math.min(5_000, requests), concurrency); // warm-up
            long[] walBefore = walSyncsAndCommits(kernel.databaseUrl());
            LoopbackLoad.Result closed = load.closedLoop(requests, concurrency);
            long[] walAfter = walSyncsAndCommits(kernel.databaseUrl());
            System.out.printf("closed loop: requests=%d connections=%d failures=%d%n", requests, concurrency,
                    closed.failures());
            long syncs = walAfter[0] - walBefore[0];
            System.out.printf("closed loop: %d WAL flushes (fsync) and %d commits for %d executions: "
                            + "%.1f executions per WAL flush%n", syncs, walAfter[1] - walBefore[1], requests,
                    syncs == 0 ? 0.0 : requests / (double) syncs);
            System.out.printf("closed loop: throughput=%.0f executions/s, %s%n", closed.perSecond(),
                    percentiles(closed.latencyNanos()));
            int target = (int) (closed.perSecond() * 0.7);
            LoopbackLoad.Result open = load.openLoop(target, 10, concurrency);
            System.out.printf("open loop at 70%% = %d/s for 10 s (%.0f/s achieved): failures=%d, %s%n", target,
                    open.perSecond(), open.failures(), percentiles(open.latencyNanos()));
            System.out.printf("open loop at 70%%: slowest answer (ms) per 250 ms: %s%n", open.slowestPerWindow(250));
            if (fixedRate > 0) {
                LoopbackLoad.Result fixed = load.openLoop(fixedRate, 10, concurrency);
                System.out.printf("open loop at %d/s for 10 s (%.0f/s achieved): failures=%d, %s%n", fixedRate,
                        fixed.perSecond(), fixed.failures(), percentiles(fixed.latencyNanos()));
            }
            System.out.printf("executions stored: %d succeeded%n", succeeded(kernel.databaseUrl()));
            System.out.println(kernel.gcSummary());
        }
    }

    // -- (b) many executions waiting on slow HTTP ----------------------------------------------------

    private static void slow(int executions) throws Exception {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        HttpServer provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8192);
        provider.setExecutor(Executors.newFixedThreadPool(4));
        AtomicInteger answered = new AtomicInteger();
        long[] firstAnswerAt = {0};
        long[] lastAnswerAt = {0};
        provider.createContext("/", exchange -> timer.schedule(() -> {
            try {
                byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                synchronized (firstAnswerAt) {
                    if (firstAnswerAt[0] == 0) {
                        firstAnswerAt[0] = System.nanoTime();
                    }
                    lastAnswerAt[0] = System.nanoTime();
                }
                answered.incrementAndGet();
            } catch (java.io.IOException e) {
                // the kernel gave up on this call; it shows as a failed execution
            } finally {
                exchange.close();
            }
        }, 1, TimeUnit.SECONDS));
        provider.start();
        try (ShippedKernel kernel = ShippedKernel.start(SETTINGS)) {
            ApiClient admin = kernel.admin();
            ObjectNode doc = workflow("Slow provider");
            node(doc, "start", "Form", "core.webhook").putObject("config").put("path", "slow");
            node(doc, "call", "Call", "core.http-request").putObject("config")
                    .put("url", "http://127.0.0.1:" + provider.getAddress().getPort() + "/slow");
            node(doc, "done", "Done", "core.set").putObject("config").putObject("mappings").put("done", "true");
            edge(doc, "start", "main", "call");
            edge(doc, "call", "main", "done");
            activate(admin, doc);

            System.gc();
            long started = System.nanoTime();
            // every request sent at once, each on its own connection; each is answered 202 once stored
            LoopbackLoad.Result starts = new LoopbackLoad(kernel.port(), "/hooks/slow", 202)
                    .closedLoop(executions, Math.min(executions, 500));
            double startSeconds = (System.nanoTime() - started) / 1e9;
            if (starts.failures() > 0) {
                System.out.printf("slow: %d webhook requests were not accepted%n", starts.failures());
            }
            int peakThreads = 0;
            while (unfinished(kernel.databaseUrl()) > 0 && System.nanoTime() - started < TimeUnit.SECONDS.toNanos(120)) {
                peakThreads = Math.max(peakThreads, kernel.threads());
                Thread.sleep(50);
            }
            long allDone = System.nanoTime();
            System.out.printf("slow: %d executions started in %.1f s; %d succeeded, provider answered %d%n",
                    executions, startSeconds, succeeded(kernel.databaseUrl()), answered.get());
            System.out.printf("slow: all finished %.2f s after the first start, %.2f s after the provider's first"
                    + " answer, %.2f s after its last%n", (allDone - started) / 1e9, (allDone - firstAnswerAt[0]) / 1e9,
                    (allDone - lastAnswerAt[0]) / 1e9);
            failureReasons(kernel.databaseUrl()).forEach((reason, count) ->
                    System.out.printf("slow: %d failed: %s%n", count, reason));
            System.out.printf("slow: kernel process peak threads %d; %s%n", peakThreads, kernel.gcSummary());
        } finally {
            provider.stop(0);
            timer.shutdownNow();
        }
    }

    // -- (c) live latency with many subscribers -------------------------------------------------

    private static void live(int subscribers, int executions, int intervalMillis) throws Exception {
        try (ShippedKernel kernel = ShippedKernel.start(Map.of("LEADFLOW_RATE_LIMIT_IP_PER_MINUTE", "100000000",
                "LEADFLOW_RATE_LIMIT_TOKEN_PER_MINUTE", "100000000", "LEADFLOW_DB_POOL_SIZE", "16"))) {
            ApiClient admin = kernel.admin();
            ObjectNode doc = workflow("Watched");
            node(doc, "start", "Start", "core.manual");
            node(doc, "set", "Set", "core.set").putObject("config").putObject("mappings").put("x", "1");
            edge(doc, "start", "main", "set");
            String workflowId = create(admin, doc);
            ConcurrentLinkedQueue<Long> delays = new ConcurrentLinkedQueue<>();
            CountDownLatch subscribed = new CountDownLatch(subscribers);
            // only the measured messages are parsed: the client shares the cores with the kernel
            LeanWebSockets sockets = new LeanWebSockets(kernel.port(), admin.token(), subscribers,
                    "{\"op\":\"subscribe\",\"topic\":\"workflow:" + workflowId + "\"}", 2, (text, received) -> {
                        if (text.contains("\"subscribed\"")) {
                            subscribed.countDown();
                        } else {
                            // a message or a batch of them; "at" follows "type" in each event
                            for (int type = text.indexOf("\"node.finished\""); type >= 0;
                                 type = text.indexOf("\"node.finished\"", type + 1)) {
                                int at = text.indexOf("\"at\":\"", type) + 6;
                                Instant sentAt = Instant.parse(text.substring(at, text.indexOf('"', at)));
                                long sent = sentAt.getEpochSecond() * 1_000_000_000L + sentAt.getNano();
                                delays.add(Math.max(0, received - sent));
                            }
                        }
                    });
            subscribed.await(60, TimeUnit.SECONDS);
            // warm-up: the first fan-outs run interpreted code; their deliveries are not counted
            for (int i = 0; i < 30; i++) {
                admin.post("/api/v1/workflows/" + workflowId + "/executions", "{\"payload\":{}}");
                Thread.sleep(50);
            }
            long warmDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (delays.size() < 30L * subscribers && System.nanoTime() < warmDeadline) {
                Thread.sleep(100);
            }
            Thread.sleep(500);
            delays.clear();
            System.out.printf("live: %d subscribers connected%n", subscribers - subscribed.getCount());
            for (int i = 0; i < executions; i++) {
                admin.post("/api/v1/workflows/" + workflowId + "/executions", "{\"payload\":{}}");
                Thread.sleep(intervalMillis);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (delays.size() < (long) executions * subscribers && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            System.out.printf("live: one execution every %d ms; %d node.finished deliveries (expected %d);"
                    + " publish -> client %s%n", intervalMillis, delays.size(), (long) executions * subscribers,
                    percentiles(delays));
            System.out.println(kernel.gcSummary());
            sockets.close();
        }
    }

    // -- (d) a long chain -------------------------------------------------------------------------

    private static void chain(int length) throws Exception {
        try (TestKernel kernel = TestKernel.start(SETTINGS)) {
            ApiClient admin = kernel.admin();
            installCore(admin);
            ObjectNode doc = workflow("Chain");
            node(doc, "n0", "Start", "core.manual");
            for (int i = 1; i <= length; i++) {
                node(doc, "n" + i, "Step " + i, "core.set").putObject("config").putObject("mappings");
                edge(doc, "n" + (i - 1), "main", "n" + i);
            }
            String workflowId = create(admin, doc);
            for (int round = 0; round < 3; round++) {
                long start = System.nanoTime();
                String executionId = admin.post("/api/v1/workflows/" + workflowId + "/executions", "{\"payload\":{\"a\":1}}")
                        .json().get("executionId").asText();
                JsonNode execution;
                do {
                    Thread.sleep(5);
                    execution = admin.get("/api/v1/executions/" + executionId).json();
                } while (!"succeeded".equals(execution.get("status").asText())
                        && !"failed".equals(execution.get("status").asText()));
                double seconds = (System.nanoTime() - start) / 1e9;
                Duration stored = Duration.between(Instant.parse(execution.get("startedAt").asText()),
                        Instant.parse(execution.get("finishedAt").asText()));
                System.out.printf("chain of %d: %s, %d node runs, %.3f s seen by the client, %d ms started->finished"
                                + " (%.2f ms per step)%n", length, execution.get("status").asText(),
                        execution.get("nodeRuns").size(), seconds, stored.toMillis(), stored.toMillis() / (double) length);
            }
        }
    }

    // -- (e) kill -9 with executions in flight ------------------------------------------------------

    private static void crash(int executions) throws Exception {
        HttpServer provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8192);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger calls = new AtomicInteger();
        provider.setExecutor(Executors.newFixedThreadPool(4));
        provider.createContext("/", exchange -> {
            calls.incrementAndGet();
            timer.schedule(() -> {
                try {
                    exchange.sendResponseHeaders(204, -1);
                } catch (java.io.IOException e) {
                    // the kernel died while waiting for this answer
                } finally {
                    exchange.close();
                }
            }, 3, TimeUnit.SECONDS);
        });
        provider.start();
        Path dataDir = Files.createTempDirectory("leadflow-crash-bench");
        String databaseUrl = TestPostgres.newDatabase();
        try (KernelProcess kernel = KernelProcess.start(databaseUrl, dataDir)) {
            ApiClient admin = kernel.admin();
            ObjectNode doc = workflow("Crash bench");
            node(doc, "start", "Start", "core.manual");
            node(doc, "prepare", "Prepare", "core.set").putObject("config").putObject("mappings").put("p", "true");
            node(doc, "call", "Call", "core.http-request").putObject("config")
                    .put("url", "http://127.0.0.1:" + provider.getAddress().getPort() + "/x");
            node(doc, "done", "Done", "core.set").putObject("config").putObject("mappings").put("d", "true");
            edge(doc, "start", "main", "prepare");
            edge(doc, "prepare", "main", "call");
            edge(doc, "call", "main", "done");
            String workflowId = create(admin, doc);
            List<String> ids = java.util.Collections.synchronizedList(new ArrayList<>());
            ApiClient starter = admin;
            List<CompletableFuture<Void>> starts = new ArrayList<>();
            for (int i = 0; i < executions; i++) {
                starts.add(CompletableFuture.runAsync(() -> ids.add(starter.post("/api/v1/workflows/" + workflowId
                        + "/executions", "{\"payload\":{}}").json().get("executionId").asText()), STARTERS));
            }
            CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).join();
            Thread.sleep(300); // every execution is now waiting on the provider's answer
            int unfinished = unfinished(databaseUrl);
            kernel.kill();
            long restarted = System.nanoTime();
            kernel.restart();
            double started = (System.nanoTime() - restarted) / 1e9;
            admin = kernel.admin();
            while (unfinished(databaseUrl) > 0 && System.nanoTime() - restarted < TimeUnit.SECONDS.toNanos(120)) {
                Thread.sleep(100);
            }
            double allDone = (System.nanoTime() - restarted) / 1e9;
            int succeeded = 0;
            int duplicated = 0;
            for (String id : ids) {
                JsonNode execution = admin.get("/api/v1/executions/" + id).json();
                if ("succeeded".equals(execution.get("status").asText())) {
                    succeeded++;
                }
                Map<String, Integer> succeededRuns = new java.util.HashMap<>();
                execution.get("nodeRuns").forEach(run -> {
                    if ("succeeded".equals(run.get("status").asText())) {
                        succeededRuns.merge(run.get("nodeId").asText(), 1, Integer::sum);
                    }
                });
                if (succeededRuns.values().stream().anyMatch(count -> count > 1)) {
                    duplicated++;
                }
            }
            System.out.printf("crash: %d executions started, %d unfinished at kill -9; kernel up %.1f s after the restart"
                    + " began, all finished %.1f s after it; %d succeeded; executions with a node that succeeded twice: %d;"
                    + " provider calls %d%n", executions, unfinished, started, allDone, succeeded, duplicated, calls.get());
        } finally {
            provider.stop(0);
            timer.shutdownNow();
        }
    }

    // -- helpers ------------------------------------------------------------------------------------

    private static final java.util.concurrent.ExecutorService STARTERS = Executors.newFixedThreadPool(32);

    private static Map<String, Integer> failureReasons(String databaseUrl) throws java.sql.SQLException {
        Map<String, Integer> reasons = new java.util.TreeMap<>();
        try (var connection = java.sql.DriverManager.getConnection(databaseUrl, "postgres", "");
             var result = connection.createStatement().executeQuery("SELECT left(coalesce(error, status), 160), count(*)"
                     + " FROM execution WHERE status <> 'succeeded' GROUP BY 1")) {
            while (result.next()) {
                reasons.put(result.getString(1), result.getInt(2));
            }
        }
        return reasons;
    }

    /**
     * WAL syncs the server made ({@code pg_stat_wal.wal_sync}, PostgreSQL 14-17: 0 when fsync is off)
     * and transactions committed in all databases, so far.
     */
    private static long[] walSyncsAndCommits(String databaseUrl) throws java.sql.SQLException {
        try (var connection = java.sql.DriverManager.getConnection(databaseUrl, "postgres", "");
             var result = connection.createStatement().executeQuery(
                     "SELECT (SELECT wal_sync FROM pg_stat_wal), (SELECT sum(xact_commit) FROM pg_stat_database)")) {
            result.next();
            return new long[] {result.getLong(1), result.getLong(2)};
        }
    }

    private static int succeeded(String databaseUrl) throws java.sql.SQLException {
        try (var connection = java.sql.DriverManager.getConnection(databaseUrl, "postgres", "");
             var result = connection.createStatement().executeQuery(
                     "SELECT count(*) FROM execution WHERE status = 'succeeded'")) {
            result.next();
            return result.getInt(1);
        }
    }

    /** Executions still running or waiting, counted in the database. */
    private static int unfinished(String databaseUrl) throws java.sql.SQLException {
        try (var connection = java.sql.DriverManager.getConnection(databaseUrl, "postgres", "");
             var result = connection.createStatement().executeQuery(
                     "SELECT count(*) FROM execution WHERE status IN ('running', 'waiting')")) {
            result.next();
            return result.getInt(1);
        }
    }


    private static void installCore(ApiClient admin) throws Exception {
        Path core;
        try (Stream<Path> files = Files.list(Path.of("kernel", "target", "first-party-plugins"))) {
            core = files.filter(p -> p.getFileName().toString().contains("core-nodes")).findFirst().orElseThrow();
        }
        ApiClientUpload.send(admin, "POST", "/api/v1/plugins", admin.token(), Files.readAllBytes(core));
    }

    private static ObjectNode workflow(String name) {
        ObjectNode doc = JSON.createObjectNode().put("name", name);
        doc.putArray("nodes");
        doc.putArray("edges");
        return doc;
    }

    private static ObjectNode node(ObjectNode doc, String id, String name, String type) {
        return ((ArrayNode) doc.get("nodes")).addObject().put("id", id).put("name", name).put("type", type);
    }

    private static void edge(ObjectNode doc, String from, String port, String to) {
        ObjectNode edge = ((ArrayNode) doc.get("edges")).addObject();
        edge.putObject("from").put("node", from).put("port", port);
        edge.putObject("to").put("node", to).put("port", "main");
    }

    private static String create(ApiClient admin, ObjectNode doc) {
        ApiResponse created = admin.post("/api/v1/workflows", doc.toString());
        if (created.status() != 201) {
            throw new IllegalStateException(created.body());
        }
        return created.json().get("workflow").get("id").asText();
    }

    private static void activate(ApiClient admin, ObjectNode doc) {
        admin.post("/api/v1/workflows/" + create(admin, doc) + "/activate", "");
    }

    private static String percentiles(java.util.Collection<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return String.format("p50=%.1f ms p99=%.1f ms max=%.1f ms (n=%d)", percentile(sorted, 50), percentile(sorted, 99),
                sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1) / 1e6, sorted.size());
    }

    private static double percentile(List<Long> sorted, int percent) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = Math.min(sorted.size() - 1, (int) Math.ceil(percent / 100.0 * sorted.size()) - 1);
        return sorted.get(Math.max(0, index)) / 1e6;
    }
}
