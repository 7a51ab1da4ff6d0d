package io.leadflow.kernel.fault;

import static io.leadflow.kernel.fault.EmbeddedPostmasterKillIT.awaitAcknowledged;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadflow.kernel.testing.ApiClient;
import io.leadflow.kernel.testing.ApiClientUpload;
import io.leadflow.kernel.testing.ApiResponse;
import io.leadflow.kernel.testing.Executions;
import io.leadflow.kernel.testing.FaultLoad;
import io.leadflow.kernel.testing.KernelProcess;
import io.leadflow.kernel.testing.TestPluginJar;
import io.leadflow.kernel.testing.TestPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin whose node blocks its thread in {@code execute()}: on a socket read that never answers
 * (blocking I/O, deaf to interrupts) or in a sleep. While 20 such executions are stuck, the other
 * workflows keep running; the stuck runs fail (retryable) at the node timeout naming the plugin and
 * node type; the plugin never holds more than its threads; health turns degraded naming it; cancel
 * and stop release the threads that can be released.
 */
class BlockingNodeIT {
    private static final int PLUGIN_THREADS = 4;
    private static final int NODE_TIMEOUT_MS = 3_000;

    @TempDir
    Path dataDir;

    @TempDir
    Path logs;

    @Test
    void blockedPluginCodeCannotTakeTheEngine() throws Exception {
        List<Socket> deafConnections = new CopyOnWriteArrayList<>();
        try (ServerSocket deaf = new ServerSocket(0);
             KernelProcess kernel = KernelProcess.start(TestPostgres.newDatabase(), dataDir, List.of("-Xmx512m"), Map.of(
                     "LEADFLOW_PLUGIN_THREADS", Integer.toString(PLUGIN_THREADS),
                     "LEADFLOW_NODE_TIMEOUT_MILLIS", Integer.toString(NODE_TIMEOUT_MS)));
             FaultLoad load = FaultLoad.start(kernel.admin())) {
            Thread acceptor = new Thread(() -> {
                while (!deaf.isClosed()) {
                    try {
                        deafConnections.add(deaf.accept()); // accepted, never answered
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            acceptor.start();
            ApiClient admin = kernel.admin();
            ApiResponse installed = ApiClientUpload.send(admin, "POST", "/api/v1/plugins", admin.token(), stuckPlugin());
            assertThat(installed.status()).as(installed.body()).isEqualTo(201);
            String blocking = workflow(admin, "Blocks on a socket", "socket", deaf.getLocalPort(), logs.resolve("socket.log"));

            load.sendEvery(Duration.ofMillis(20));
            awaitAcknowledged(load, 20);
            long faultAt = System.nanoTime();
            List<String> stuck = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                stuck.add(run(admin, blocking));
            }
            int acknowledgedAtFault = load.acknowledged().size();
            awaitAcknowledged(load, acknowledgedAtFault + 100);
            long hundredMoreMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - faultAt);

            // the stuck runs end at the node timeout, naming plugin and node type, retryable
            int blockedInCode = 0;
            int waitedForThread = 0;
            for (String id : stuck) {
                JsonNode execution = Executions.awaitStatus(admin, id, 30, "failed", "succeeded", "canceled");
                assertThat(execution.get("status").asText()).as(execution.toString()).isEqualTo("failed");
                List<JsonNode> runs = nodeRuns(execution, "block");
                // retryable: the node's retry policy (2 attempts) ran it again
                assertThat(runs).extracting(run -> run.get("attempt").asInt()).containsExactlyInAnyOrder(1, 2);
                for (JsonNode run : runs) {
                    String error = run.get("error").asText();
                    assertThat(error).contains("plugin 'stuck' node 'stuck.block' did not finish within "
                            + NODE_TIMEOUT_MS + " ms");
                    blockedInCode += error.contains("still blocked in plugin code") ? 1 : 0;
                    waitedForThread += error.contains("waited for one of its plugin's threads") ? 1 : 0;
                }
            }
            // the first four took the plugin's four threads, and hold them; every other run waited for one
            assertThat(blockedInCode).as("runs that had a thread").isEqualTo(PLUGIN_THREADS);
            assertThat(waitedForThread).isEqualTo(2 * 20 - PLUGIN_THREADS);
            assertThat(maxInside(logs.resolve("socket.log"))).as("threads inside the plugin at once")
                    .isEqualTo(PLUGIN_THREADS);

            JsonNode degraded = admin.get("/api/v1/health").json();
            assertThat(degraded.get("status").asText()).as(degraded.toString()).isEqualTo("degraded");
            assertThat(degraded.get("plugins").get("stuck").get("blockedCalls").asInt()).isEqualTo(PLUGIN_THREADS);
            assertThat(degraded.get("database").get("status").asText()).isEqualTo("up");

            // blocking I/O ignores interrupts: the provider hanging up is what frees those threads
            long releasedAt = System.nanoTime();
            List<FaultLoad.Sent> whileStuck = load.sent().stream()
                    .filter(one -> one.startedNanos() >= faultAt && one.startedNanos() < releasedAt).toList();
            assertThat(whileStuck).extracting(FaultLoad.Sent::status).containsOnly(202);
            long[] stuckMillis = whileStuck.stream().mapToLong(FaultLoad.Sent::millis).sorted().toArray();
            for (Socket connection : deafConnections) {
                connection.close();
            }
            awaitHealthStatus(admin, "up", 10);

            // cancel of an execution whose node sleeps (interruptible): its thread is back at once
            String sleeping = workflow(admin, "Sleeps", "sleep", 0, logs.resolve("sleep.log"));
            String canceled = run(admin, sleeping);
            awaitLine(logs.resolve("sleep.log"), "enter", 1);
            long cancelAt = System.currentTimeMillis();
            assertThat(admin.post("/api/v1/executions/" + canceled + "/cancel", "").status()).isEqualTo(200);
            long cancelReleasedMillis = awaitLine(logs.resolve("sleep.log"), "interrupted", 1) - cancelAt;

            // stop of the plugin releases the rest
            for (int i = 0; i < 3; i++) {
                run(admin, sleeping);
            }
            awaitLine(logs.resolve("sleep.log"), "enter", 4);
            long stopAt = System.currentTimeMillis();
            ApiResponse stopped = admin.post("/api/v1/plugins/stuck/stop", "");
            assertThat(stopped.status()).as(stopped.body()).isEqualTo(200);
            long stopReleasedMillis = awaitLine(logs.resolve("sleep.log"), "interrupted", 4) - stopAt;

            load.stopSending();
            load.assertEveryAcknowledgedExecutionCompletedOnce(admin, 60);
            assertThat(admin.get("/api/v1/health").json().get("status").asText()).isEqualTo("up");
            System.out.println(load.summary("20 executions blocked in plugin code (" + PLUGIN_THREADS + " threads, "
                    + NODE_TIMEOUT_MS + " ms timeout)") + String.format("; 100 more acknowledged %d ms after the fault"
                    + " began; %d webhooks sent while the plugin was stuck (%d ms): all 202, median %d ms, max %d ms;"
                    + " %d stuck executions failed after 2 attempts each (%d runs blocked in code, %d waited for a"
                    + " thread); "
                    + "max plugin threads %d; cancel released its thread in %d ms; stop released 3 in %d ms",
                    hundredMoreMillis, whileStuck.size(), TimeUnit.NANOSECONDS.toMillis(releasedAt - faultAt),
                    stuckMillis[stuckMillis.length / 2], stuckMillis[stuckMillis.length - 1], stuck.size(), blockedInCode, waitedForThread,
                    maxInside(logs.resolve("socket.log")), cancelReleasedMillis, stopReleasedMillis));
            deaf.close();
            acceptor.join(1_000);
        }
    }

    @Test
    void aThrowingNodeLogsItsStackTraceOnceWithTheExecutionAndNode() throws Exception {
        try (KernelProcess kernel = KernelProcess.start(TestPostgres.newDatabase(), dataDir, List.of("-Xmx512m"),
                Map.of())) {
            ApiClient admin = kernel.admin();
            assertThat(ApiClientUpload.send(admin, "POST", "/api/v1/plugins", admin.token(), stuckPlugin()).status())
                    .isEqualTo(201);
            String id = run(admin, workflow(admin, "Throws", "throw", 0, logs.resolve("throw.log")));
            JsonNode execution = Executions.awaitStatus(admin, id, 30, "failed", "succeeded");
            assertThat(nodeRuns(execution, "block").get(0).get("error").asText())
                    .contains("IllegalStateException: the plugin author's bug", "plugin 'stuck'", "stuck.block")
                    .doesNotContain("\tat ");
            String output = kernel.output();
            assertThat(count(output, "at test.stuck.Block.execute(Block.java")).as(output).isEqualTo(1);
            assertThat(output).contains("Node 'block' of execution " + id);
        }
    }

    private static String workflow(ApiClient admin, String name, String mode, int port, Path log) {
        ApiResponse created = admin.post("/api/v1/workflows", """
                {"name":"%s","nodes":[{"id":"start","name":"Start","type":"core.manual"},
                  {"id":"block","name":"Block","type":"stuck.block","retry":{"maxAttempts":%d,"initialDelayMs":100},
                   "config":{"mode":"%s","port":%d,"log":"%s"}}],
                 "edges":[{"from":{"node":"start","port":"main"},"to":{"node":"block","port":"main"}}]}"""
                .formatted(name, mode.equals("socket") ? 2 : 1, mode, port, log.toString()));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("workflow").get("id").asText();
    }

    private static String run(ApiClient admin, String workflowId) {
        ApiResponse started = admin.post("/api/v1/workflows/" + workflowId + "/executions", "{}");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        return started.json().get("executionId").asText();
    }

    private static List<JsonNode> nodeRuns(JsonNode execution, String nodeId) {
        List<JsonNode> runs = new ArrayList<>();
        for (JsonNode run : execution.get("nodeRuns")) {
            if (run.get("nodeId").asText().equals(nodeId)) {
                runs.add(run);
            }
        }
        assertThat(runs).as("runs of %s in %s", nodeId, execution).isNotEmpty();
        return runs;
    }

    private static void awaitHealthStatus(ApiClient admin, String status, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        JsonNode health = null;
        while (System.nanoTime() < deadline) {
            health = admin.get("/api/v1/health").json();
            if (status.equals(health.get("status").asText())) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("health did not turn " + status + ": " + health);
    }

    /** Waits for the {@code n}th line starting with {@code kind}; answers its time stamp (ms). */
    private static long awaitLine(Path log, String kind, int n) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log)) {
                List<String> lines = Files.readAllLines(log).stream().filter(line -> line.startsWith(kind + " ")).toList();
                if (lines.size() >= n) {
                    String[] parts = lines.get(n - 1).split(" ");
                    return Long.parseLong(parts[parts.length - 1]);
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no " + n + " '" + kind + "' lines in " + (Files.exists(log) ? Files.readString(log) : "(none)"));
    }

    /** The most threads the node's log saw inside its code at once. */
    private static int maxInside(Path log) throws IOException {
        int most = 0;
        Matcher matcher = Pattern.compile("(?m)^enter (\\d+) ").matcher(Files.readString(log));
        while (matcher.find()) {
            most = Math.max(most, Integer.parseInt(matcher.group(1)));
        }
        return most;
    }

    private static int count(String text, String part) {
        int found = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            found++;
        }
        return found;
    }

    /** Plugin 'stuck': node 'stuck.block' blocks on a socket that never answers, sleeps, or throws. */
    private static byte[] stuckPlugin() {
        return TestPluginJar.plugin("stuck", "1.0.0")
                .withPluginClass("test.stuck")
                .source("test.stuck.Block", """
                        package test.stuck;
                        import io.leadflow.api.node.*;
                        import java.nio.file.*;
                        import java.util.concurrent.*;
                        import java.util.concurrent.atomic.AtomicInteger;
                        @org.pf4j.Extension
                        public class Block implements Action {
                            private static final AtomicInteger INSIDE = new AtomicInteger();
                            public NodeDescriptor descriptor() {
                                return NodeDescriptor.action("stuck.block").label("Block")
                                        .properties(Property.string("mode").build(), Property.integer("port").build(),
                                                Property.string("log").build()).build();
                            }
                            public CompletionStage<NodeResult> execute(NodeInput input, NodeContext context) {
                                java.util.Map<String, Object> config = context.config().asMap();
                                String mode = (String) config.get("mode");
                                Path log = Path.of((String) config.get("log"));
                                if (mode.equals("throw")) {
                                    throw new IllegalStateException("the plugin author's bug");
                                }
                                append(log, "enter " + INSIDE.incrementAndGet() + " " + System.currentTimeMillis());
                                try {
                                    if (mode.equals("socket")) {
                                        try (java.net.Socket socket = new java.net.Socket("127.0.0.1",
                                                ((Number) config.get("port")).intValue())) {
                                            socket.getInputStream().read();
                                        }
                                        append(log, "hung-up " + System.currentTimeMillis());
                                    } else {
                                        Thread.sleep(600_000);
                                    }
                                } catch (InterruptedException e) {
                                    append(log, "interrupted " + System.currentTimeMillis());
                                } catch (java.io.IOException e) {
                                    append(log, "io " + System.currentTimeMillis());
                                } finally {
                                    INSIDE.decrementAndGet();
                                }
                                return CompletableFuture.completedFuture(NodeResult.items(input.items()));
                            }
                            private static synchronized void append(Path log, String line) {
                                try {
                                    Files.writeString(log, line + "\\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                                } catch (java.io.IOException e) {
                                    throw new java.io.UncheckedIOException(e);
                                }
                            }
                        }
                        """)
                .build();
    }
}
