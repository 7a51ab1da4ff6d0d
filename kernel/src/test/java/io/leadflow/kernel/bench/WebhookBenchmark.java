package io.leadflow.kernel.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadflow.kernel.testing.ApiClient;
import io.leadflow.kernel.testing.ApiClientUpload;
import io.leadflow.kernel.testing.TestKernel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;

/**
 * Load benchmark, run by hand (not a test): a real kernel on the embedded PostgreSQL, the real
 * core-nodes plugin, and a webhook -> set -> if -> respond workflow, driven on loopback by the JDK
 * HTTP client with a fixed number of requests in flight. Prints throughput and latency
 * percentiles of complete, durable executions (each request is answered by its Respond node).
 *
 * <pre>
 * mvn -B -q -pl kernel -am install -DskipTests
 * mvn -B -q -pl kernel exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.leadflow.kernel.bench.WebhookBenchmark -Dexec.args="2000 32"
 * </pre>
 */
public final class WebhookBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    private WebhookBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        try (TestKernel kernel = TestKernel.start(Map.of("LEADFLOW_RATE_LIMIT_IP_PER_MINUTE", "100000000",
                "LEADFLOW_DB_POOL_SIZE", "20", "LEADFLOW_ENGINE_WORKERS", "16"))) {
            ApiClient admin = kernel.admin();
            Path core;
            try (Stream<Path> files = Files.list(Path.of("kernel", "target", "first-party-plugins"))) {
                core = files.filter(p -> p.getFileName().toString().contains("core-nodes")).findFirst().orElseThrow();
            }
            ApiClientUpload.send(admin, "POST", "/api/v1/plugins", admin.token(), Files.readAllBytes(core));
            ObjectNode doc = JSON.createObjectNode().put("name", "Bench");
            ArrayNode nodes = doc.putArray("nodes");
            nodes.addObject().put("id", "hook").put("name", "Hook").put("type", "core.webhook")
                    .putObject("config").put("path", "bench");
            nodes.addObject().put("id", "set").put("name", "Set").put("type", "core.set")
                    .putObject("config").putObject("mappings").put("email", "$lowercase(body.email)");
            nodes.addObject().put("id", "if").put("name", "If").put("type", "core.if")
                    .putObject("config").put("condition", "$contains(email, '@')");
            nodes.addObject().put("id", "ok").put("name", "Ok").put("type", "core.respond")
                    .putObject("config").put("statusCode", 200);
            ArrayNode edges = doc.putArray("edges");
            edges.add(edge("hook", "main", "set"));
            edges.add(edge("set", "main", "if"));
            edges.add(edge("if", "true", "ok"));
            String id = admin.post("/api/v1/workflows", doc.toString()).json().get("workflow").get("id").asText();
            admin.post("/api/v1/workflows/" + id + "/activate", "");

            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI uri = URI.create("http://127.0.0.1:" + kernel.kernel().port() + "/hooks/bench");
            run(http, uri, Math.min(200, requests), concurrency); // warm-up
            List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
            long start = System.nanoTime();
            int failures = run(http, uri, requests, concurrency, latencies);
            double seconds = (System.nanoTime() - start) / 1e9;
            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            System.out.printf("requests=%d concurrency=%d failures=%d%n", requests, concurrency, failures);
            System.out.printf("throughput=%.0f executions/s%n", requests / seconds);
            System.out.printf("latency p50=%.1f ms p99=%.1f ms max=%.1f ms%n", percentile(sorted, 50), percentile(sorted, 99),
                    sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1) / 1e6);
        }
    }

    private static int run(HttpClient http, URI uri, int requests, int concurrency) throws InterruptedException {
        return run(http, uri, requests, concurrency, Collections.synchronizedList(new ArrayList<>()));
    }

    private static int run(HttpClient http, URI uri, int requests, int concurrency, List<Long> latencies)
            throws InterruptedException {
        Semaphore slots = new Semaphore(concurrency);
        List<CompletableFuture<Void>> all = new ArrayList<>();
        int[] failures = {0};
        for (int i = 0; i < requests; i++) {
            slots.acquire();
            long sent = System.nanoTime();
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"LEAD" + i + "@EXAMPLE.COM\"}")).build();
            all.add(http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).handle((response, error) -> {
                latencies.add(System.nanoTime() - sent);
                if (error != null || response.statusCode() != 200) {
                    synchronized (failures) {
                        failures[0]++;
                    }
                }
                slots.release();
                return null;
            }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        return failures[0];
    }

    private static ObjectNode edge(String from, String port, String to) {
        ObjectNode edge = JSON.createObjectNode();
        edge.putObject("from").put("node", from).put("port", port);
        edge.putObject("to").put("node", to).put("port", "main");
        return edge;
    }

    private static double percentile(List<Long> sorted, int percent) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = Math.min(sorted.size() - 1, (int) Math.ceil(percent / 100.0 * sorted.size()) - 1);
        return sorted.get(Math.max(0, index)) / 1e6;
    }
}
