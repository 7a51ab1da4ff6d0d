package io.leadflow.kernel.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a fault test sends and checks: a steady stream of webhooks into an active workflow
 * (webhook, Set, an HTTP call to a local provider naming its execution, Set); every answer is
 * recorded, and afterwards each acknowledged execution must complete and the provider must have
 * been called exactly once for it (a node run that completed never ran again).
 */
public final class FaultLoad implements AutoCloseable {
    /** One webhook request and its answer. */
    public record Sent(long startedNanos, int status, long millis, String executionId, String retryAfter,
                       String contentType, String body) {
    }

    private static final String PATH = "faults/in";
    private final HttpServer provider;
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final URI hook;
    private final String workflowId;
    private ScheduledFuture<?> sending;
    private int completed;
    private int inDoubt;

    private FaultLoad(HttpServer provider, URI hook, String workflowId) {
        this.provider = provider;
        this.hook = hook;
        this.workflowId = workflowId;
    }

    /** Starts the provider and creates and activates the workflow on the kernel {@code admin} talks to. */
    public static FaultLoad start(ApiClient admin) throws IOException {
        HttpServer provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        provider.setExecutor(Executors.newFixedThreadPool(8));
        FaultLoad[] self = new FaultLoad[1];
        provider.createContext("/call", exchange -> {
            String query = exchange.getRequestURI().getQuery();
            String execution = query == null ? "" : query.replace("execution=", "");
            self[0].calls.computeIfAbsent(execution, id -> new AtomicInteger()).incrementAndGet();
            OkProvider.answer(exchange);
        });
        provider.start();
        String document = """
                {"name":"Fault load","nodes":[
                  {"id":"hook","name":"Hook","type":"core.webhook","config":{"path":"%s"}},
                  {"id":"prepare","name":"Prepare","type":"core.set","config":{"mappings":{"prepared":"true"}}},
                  {"id":"call","name":"Call","type":"core.http-request",
                   "config":{"url":"http://127.0.0.1:%d/call?execution={{ $execution.id }}"}},
                  {"id":"done","name":"Done","type":"core.set","config":{"mappings":{"done":"true"}}}],
                 "edges":[
                  {"from":{"node":"hook","port":"main"},"to":{"node":"prepare","port":"main"}},
                  {"from":{"node":"prepare","port":"main"},"to":{"node":"call","port":"main"}},
                  {"from":{"node":"call","port":"main"},"to":{"node":"done","port":"main"}}]}"""
                .formatted(PATH, provider.getAddress().getPort());
        ApiResponse created = admin.post("/api/v1/workflows", document);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String workflowId = created.json().get("workflow").get("id").asText();
        ApiResponse activated = admin.post("/api/v1/workflows/" + workflowId + "/activate", "");
        assertThat(activated.status()).as(activated.body()).isEqualTo(200);
        FaultLoad load = new FaultLoad(provider, admin.base().resolve("/hooks/" + PATH), workflowId);
        self[0] = load;
        return load;
    }

    public String workflowId() {
        return workflowId;
    }

    /** Sends one webhook every {@code interval} until {@link #stopSending()}, without waiting for answers. */
    public void sendEvery(Duration interval) {
        sending = clock.scheduleAtFixedRate(this::sendOne, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Sends one webhook and waits for its answer. */
    public Sent sendAndWait() {
        return send().join();
    }

    private void sendOne() {
        send();
    }

    private java.util.concurrent.CompletableFuture<Sent> send() {
        long started = System.nanoTime();
        HttpRequest request = HttpRequest.newBuilder(hook).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"fault@example.org\"}")).build();
        inFlight.incrementAndGet();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, error) -> {
            inFlight.decrementAndGet();
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            Sent one;
            if (error != null) {
                one = new Sent(started, -1, millis, null, null, null, String.valueOf(error));
            } else {
                String executionId = null;
                if (response.statusCode() == 202) {
                    executionId = Json.read(response.body()).get("executionId").asText();
                }
                one = new Sent(started, response.statusCode(), millis, executionId,
                        response.headers().firstValue("Retry-After").orElse(null),
                        response.headers().firstValue("Content-Type").orElse(null), response.body());
            }
            sent.add(one);
            return one;
        });
    }

    /** Stops sending and waits (up to 40 s) for every answer. */
    public void stopSending() throws InterruptedException {
        if (sending != null) {
            sending.cancel(false);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(inFlight.get()).as("webhook requests still unanswered after 40 s").isZero();
    }

    public List<Sent> sent() {
        return List.copyOf(sent);
    }

    /** The execution ids that were acknowledged with 202. */
    public List<String> acknowledged() {
        return sent.stream().filter(one -> one.status() == 202).map(Sent::executionId).toList();
    }

    /** Answers other than 202 since {@code fromNanos}. */
    public List<Sent> refusedSince(long fromNanos) {
        return sent.stream().filter(one -> one.status() != 202 && one.startedNanos() >= fromNanos).toList();
    }

    /**
     * Checks what a fault may do to webhooks: each answer is 202, or 503 problem+json with
     * Retry-After (never a 500, a hang or a dropped connection), and no request took longer than
     * {@code maxMillis}.
     */
    public void assertAnswersWereAcceptedOrRetryLater(long maxMillis) {
        for (Sent one : sent) {
            if (one.status() == 202) {
                continue;
            }
            assertThat(one.status()).as("a webhook answer during the fault: %s", one).isEqualTo(503);
            assertThat(one.retryAfter()).as("503 carries Retry-After: %s", one).isNotBlank();
            assertThat(one.contentType()).as("503 is a problem: %s", one).startsWith("application/problem+json");
            assertThat(one.body()).doesNotContain("Exception").doesNotContain("\tat ");
        }
        assertThat(sent.stream().mapToLong(Sent::millis).max().orElse(0))
                .as("slowest webhook answer (ms)").isLessThanOrEqualTo(maxMillis);
    }

    /**
     * Waits until every acknowledged execution succeeded; then checks that the workflow has no
     * other execution and that the provider was called exactly once for each.
     */
    public void assertEveryAcknowledgedExecutionCompletedOnce(ApiClient admin, int seconds) throws InterruptedException {
        List<String> acknowledged = acknowledged();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        Set<String> pending = new HashSet<>(acknowledged);
        JsonNode last = null;
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            for (String id : List.copyOf(pending)) {
                ApiResponse response = admin.get("/api/v1/executions/" + id);
                if (response.status() != 200) {
                    continue; // the kernel may still be recovering
                }
                last = response.json();
                String status = last.get("status").asText();
                assertThat(status).as("execution %s: %s", id, last).isNotIn("failed", "canceled");
                if ("succeeded".equals(status)) {
                    assertEachNodeRanOnce(id, last);
                    pending.remove(id);
                }
            }
            if (!pending.isEmpty()) {
                Thread.sleep(100);
            }
        }
        assertThat(pending).as("acknowledged executions not completed after %d s (last seen %s)", seconds, last)
                .isEmpty();
        completed = acknowledged.size();
        List<String> stored = executionsOfWorkflow(admin);
        assertThat(stored).as("every acknowledged execution is stored").containsAll(acknowledged);
        // A commit in doubt: PostgreSQL made it durable, then died before its answer reached the
        // kernel, so the caller was told 503 (retry) although the execution exists. No server can
        // tell such a caller otherwise; the execution must still run, once. Nothing else may add one.
        List<String> inDoubt = new ArrayList<>(stored);
        inDoubt.removeAll(acknowledged);
        long notAcknowledged = sent.stream().filter(one -> one.status() != 202).count();
        assertThat(inDoubt).as("executions stored without a 202 (commits in doubt) among %d answers that were not 202",
                notAcknowledged).hasSizeLessThanOrEqualTo((int) notAcknowledged);
        this.inDoubt = inDoubt.size();
        for (String id : inDoubt) {
            JsonNode execution = Executions.awaitStatus(admin, id, seconds, "succeeded", "failed", "canceled");
            assertThat(execution.get("status").asText()).as("execution in doubt %s: %s", id, execution)
                    .isEqualTo("succeeded");
            assertEachNodeRanOnce(id, execution);
        }
        List<String> everyStored = new ArrayList<>(acknowledged);
        everyStored.addAll(inDoubt);
        for (String id : everyStored) {
            int made = calls.getOrDefault(id, new AtomicInteger()).get();
            if (made != 1) {
                throw new AssertionError("the provider was called " + made + " times for execution " + id + ": "
                        + admin.get("/api/v1/executions/" + id).body());
            }
        }
    }

    /** A completed node run never runs again: one recorded run per node, all succeeded. */
    private static void assertEachNodeRanOnce(String executionId, JsonNode execution) {
        Map<String, Integer> runs = new java.util.TreeMap<>();
        for (JsonNode run : execution.get("nodeRuns")) {
            runs.merge(run.get("nodeId").asText(), 1, Integer::sum);
            assertThat(run.get("status").asText()).as("node run of execution %s: %s", executionId, run)
                    .isEqualTo("succeeded");
        }
        assertThat(runs).as("node runs of execution %s", executionId)
                .isEqualTo(Map.of("hook", 1, "prepare", 1, "call", 1, "done", 1));
    }

    private List<String> executionsOfWorkflow(ApiClient admin) {
        List<String> ids = new ArrayList<>();
        String next = null;
        do {
            ApiResponse page = admin.get("/api/v1/executions?limit=200&workflowId=" + workflowId
                    + (next == null ? "" : "&before=" + next));
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            page.json().get("items").forEach(item -> ids.add(item.get("id").asText()));
            next = page.json().hasNonNull("next") ? page.json().get("next").asText() : null;
        } while (next != null);
        return ids;
    }

    /** One line of figures for the test's output. */
    public String summary(String fault) {
        long accepted = sent.stream().filter(one -> one.status() == 202).count();
        List<Sent> refused = sent.stream().filter(one -> one.status() != 202).toList();
        long maxRefused = refused.stream().mapToLong(Sent::millis).max().orElse(0);
        double p50Refused = refused.isEmpty() ? 0 : refused.stream().mapToLong(Sent::millis).sorted()
                .skip(refused.size() / 2).findFirst().orElse(0);
        return String.format("[fault] %s: %d webhooks sent, %d acknowledged (202), %d answered 503 (median %.0f ms, "
                        + "max %d ms), %d executions completed (each node run recorded once), %d more stored in doubt "
                        + "(committed, answered 503) and completed once, provider calls %d",
                fault, sent.size(), accepted, refused.size(), p50Refused, maxRefused, completed, inDoubt,
                calls.values().stream().mapToInt(AtomicInteger::get).sum());
    }

    @Override
    public void close() {
        clock.shutdownNow();
        provider.stop(0);
    }

    /** JSON reading for answers. */
    private static final class Json {
        private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER =
                new com.fasterxml.jackson.databind.ObjectMapper();

        static JsonNode read(String text) {
            try {
                return MAPPER.readTree(text);
            } catch (IOException e) {
                throw new IllegalStateException(text, e);
            }
        }
    }
}
