package io.leadflow.kernel.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadflow.api.code.CodeException;
import io.leadflow.api.code.CodeRequest;
import io.leadflow.api.code.CodeResult;
import io.leadflow.api.code.CodeSandbox;
import io.leadflow.kernel.http.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel's {@link CodeSandbox}: a fixed number of slots, each a thread that owns one confined
 * worker process ({@link SandboxCommand}) and runs the queued requests on it one at a time. A worker
 * that crashed, was killed for its time or printed too much is replaced; a worker is also replaced
 * after {@link SandboxSettings#runsPerWorker()} runs or half its CPU allowance. At start one probe
 * run checks that the sandbox works; if it does not, every run fails with
 * {@link CodeException#UNAVAILABLE} and {@link #unavailableReason()} says why.
 *
 * <p>Runs in one worker share its process (each in a fresh V8 context that holds nothing of the
 * process); set {@code LEADFLOW_SANDBOX_RUNS_PER_WORKER=1} for a process per run.
 */
public final class CodeSandboxPool implements CodeSandbox, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CodeSandboxPool.class);
    private static final long READY_MILLIS = 10_000;
    /** Time past the run's own limit the worker is given to answer before its process is ended. */
    private static final long GRACE_MILLIS = 1_000;
    private static final int QUEUED_PER_WORKER = 100;

    private final SandboxSettings settings;
    private final SandboxCommand command;
    private final String unavailable;
    private final ObjectMapper json = Json.mapper();
    private final BlockingQueue<Task> queue = new LinkedBlockingQueue<>();
    private final List<Slot> slots = new ArrayList<>();
    private final AtomicLong ids = new AtomicLong();
    private final Path scriptDir;
    private volatile boolean running = true;

    private CodeSandboxPool(SandboxSettings settings, SandboxCommand command, String unavailable, Path scriptDir,
                            SandboxWorker probed) {
        this.settings = settings;
        this.command = command;
        this.unavailable = unavailable;
        this.scriptDir = scriptDir;
        if (unavailable == null) {
            for (int i = 0; i < settings.workers(); i++) {
                Slot slot = new Slot(i, i == 0 ? probed : null);
                slots.add(slot);
                slot.thread.start();
            }
        }
    }

    /**
     * Sets the sandbox up and probes it with one run. Never throws: a sandbox that cannot be set up
     * is returned unavailable, with the reason logged once.
     */
    public static CodeSandboxPool start(SandboxSettings settings) {
        if (!settings.enabled()) {
            return unavailable(settings, "the code sandbox is turned off (LEADFLOW_SANDBOX=off)", null);
        }
        Path scriptDir = null;
        try {
            scriptDir = extractScript();
            SandboxCommand command = SandboxCommand.locate(settings, scriptDir.resolve("worker.js"),
                    SandboxCommand.runningAsRoot());
            SandboxWorker worker = SandboxWorker.start(command.argv(0), settings.maxOutputChars() * 4, READY_MILLIS);
            CodeSandboxPool pool = new CodeSandboxPool(settings, command, null, scriptDir, worker);
            String failure = pool.probe();
            if (failure != null) {
                pool.close();
                return unavailable(settings, failure, null);
            }
            LOG.info("Code sandbox ready: {} workers, {} MB heap each, bubblewrap and {}", settings.workers(),
                    settings.memoryMb(), SandboxCommand.runningAsRoot() ? "an unprivileged user per worker"
                            : "the kernel's own user (no per-worker process limit)");
            return pool;
        } catch (SandboxUnavailableException | IOException e) {
            return unavailable(settings, e.getMessage(), scriptDir);
        }
    }

    private static CodeSandboxPool unavailable(SandboxSettings settings, String reason, Path scriptDir) {
        LOG.warn("Code nodes are disabled: {}", reason);
        deleteQuietly(scriptDir);
        return new CodeSandboxPool(settings, null, reason, null, null);
    }

    private String probe() {
        try {
            CodeResult result = run(CodeRequest.javascript("return [{ sum: 1 + 1 }];")
                    .timeout(Duration.ofSeconds(5)).build()).toCompletableFuture().get();
            return result.items().equals(List.of(Map.of("sum", 2))) ? null
                    : "the sandbox's probe run answered " + result.items();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while probing the sandbox";
        } catch (java.util.concurrent.ExecutionException e) {
            return "the sandbox's probe run failed: " + e.getCause().getMessage();
        }
    }

    /** Why code cannot run here, or empty if it can. */
    public Optional<String> unavailableReason() {
        return Optional.ofNullable(unavailable);
    }

    @Override
    public CompletionStage<CodeResult> run(CodeRequest request) {
        if (unavailable != null) {
            return CompletableFuture.failedFuture(new CodeException(CodeException.UNAVAILABLE,
                    "code cannot run on this kernel: " + unavailable, false, List.of()));
        }
        if (!CodeRequest.JAVASCRIPT.equals(request.language())) {
            return CompletableFuture.failedFuture(new CodeException(CodeException.UNSUPPORTED_LANGUAGE,
                    "this sandbox runs JavaScript, not '" + request.language() + "'", false, List.of()));
        }
        if (!running) {
            return CompletableFuture.failedFuture(new CodeException(CodeException.BUSY,
                    "the kernel is stopping", true, List.of()));
        }
        if (queue.size() >= QUEUED_PER_WORKER * settings.workers()) {
            return CompletableFuture.failedFuture(new CodeException(CodeException.BUSY, "the code sandbox has "
                    + queue.size() + " runs waiting; try again later", true, List.of()));
        }
        Task task = new Task(request, new CompletableFuture<>());
        queue.add(task);
        return task.result;
    }

    private String requestLine(long id, CodeRequest request, long timeoutMillis) throws JsonProcessingException {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("id", id);
        line.put("source", request.source());
        line.put("mode", request.mode().name());
        line.put("items", request.items());
        line.put("lead", request.lead());
        line.put("variables", request.variables());
        line.put("timeoutMs", timeoutMillis);
        line.put("limits", Map.of("consoleLines", settings.consoleLines(), "consoleChars", settings.consoleChars(),
                "outputChars", settings.maxOutputChars()));
        return json.writeValueAsString(line);
    }

    /** Runs one task on a worker; the worker may be ended on the way (the slot then replaces it). */
    private CodeResult execute(Task task, SandboxWorker worker) {
        long timeoutMillis = Math.min(task.request.timeout().toMillis(), settings.maxTimeout().toMillis());
        long id = ids.incrementAndGet();
        String line;
        try {
            line = requestLine(id, task.request, timeoutMillis);
        } catch (JsonProcessingException e) {
            throw new CodeException(CodeException.INVALID_RESULT, "the items cannot be turned into JSON: "
                    + e.getOriginalMessage(), false, List.of());
        }
        SandboxWorker.Line answer;
        try {
            worker.send(line);
            answer = worker.readLine(timeoutMillis + GRACE_MILLIS);
        } catch (IOException e) {
            answer = new SandboxWorker.Line(null, false);
        } catch (TimeoutException e) {
            throw new CodeException(CodeException.TIMEOUT, "the code ran longer than " + timeoutMillis
                    + " ms and its process was ended", false, List.of());
        }
        if (answer.tooLong()) {
            throw new CodeException(CodeException.OUTPUT_TOO_LARGE, "the code's answer was larger than "
                    + settings.maxOutputChars() * 4 + " bytes; its process was ended", false, List.of());
        }
        if (answer.text() == null) {
            String code = worker.deathCode();
            if (CodeException.MEMORY.equals(code)) {
                throw new CodeException(code, "the code used more than the sandbox's " + settings.memoryMb()
                        + " MB of memory; its process was ended", false, List.of());
            }
            throw new CodeException(code, "the sandbox process ended unexpectedly (" + worker.diagnosis()
                    + "); it is replaced", true, List.of());
        }
        return answer(answer.text(), worker);
    }

    private CodeResult answer(String text, SandboxWorker worker) {
        JsonNode envelope;
        try {
            envelope = json.readTree(text);
        } catch (JsonProcessingException e) {
            worker.close();
            throw new CodeException(CodeException.CRASHED, "the sandbox answered something unreadable", true, List.of());
        }
        worker.cpuMillis(envelope.path("cpuMs").asLong());
        JsonNode outcome = envelope.path("outcome");
        List<String> console = json.convertValue(outcome.path("console"), new TypeReference<List<String>>() { });
        if (!outcome.path("ok").asBoolean()) {
            String code = outcome.path("code").asText(CodeException.CODE_ERROR);
            throw new CodeException(code, outcome.path("message").asText("the code failed"),
                    CodeException.CRASHED.equals(code), console == null ? List.of() : console);
        }
        List<Map<String, Object>> items = json.convertValue(outcome.path("items"),
                new TypeReference<List<Map<String, Object>>>() { });
        Duration took = Duration.ofNanos((long) (envelope.path("elapsedMs").asDouble() * 1_000_000));
        return new CodeResult(items == null ? List.of() : items, console == null ? List.of() : console, took);
    }

    @Override
    public void close() {
        running = false;
        for (Slot slot : slots) {
            slot.thread.interrupt();
        }
        for (Slot slot : slots) {
            try {
                slot.thread.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Task left;
        while ((left = queue.poll()) != null) {
            left.result.completeExceptionally(new CodeException(CodeException.BUSY, "the kernel is stopping", true,
                    List.of()));
        }
        deleteQuietly(scriptDir);
    }

    /** The worker script, copied to a folder every worker user can read (it is bound read-only into the sandbox). */
    private static Path extractScript() throws IOException {
        Path dir = Files.createTempDirectory("leadflow-sandbox-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path script = dir.resolve("worker.js");
        try (InputStream in = CodeSandboxPool.class.getResourceAsStream("worker.js")) {
            if (in == null) {
                throw new IOException("worker.js is missing from the kernel's jar");
            }
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("r--r--r--"));
        return dir;
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try {
            Files.deleteIfExists(dir.resolve("worker.js"));
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            LOG.debug("Could not delete {}: {}", dir, e.getMessage());
        }
    }

    private record Task(CodeRequest request, CompletableFuture<CodeResult> result) {
    }

    /** One worker process and the thread that feeds it. */
    private final class Slot implements Runnable {
        private final int index;
        private final Thread thread;
        private SandboxWorker worker;

        Slot(int index, SandboxWorker worker) {
            this.index = index;
            this.worker = worker;
            this.thread = new Thread(this, "sandbox-slot-" + (index + 1));
            this.thread.setDaemon(true);
        }

        @Override
        public void run() {
            try {
                if (worker == null) {
                    worker = spawn();
                }
                while (running) {
                    Task task = queue.take();
                    if (task.result.isDone()) {
                        continue;
                    }
                    if (worker == null || !worker.alive()) {
                        worker = spawn();
                    }
                    if (worker == null) {
                        task.result.completeExceptionally(new CodeException(CodeException.CRASHED,
                                "the sandbox could not start a worker process", true, List.of()));
                        continue;
                    }
                    try {
                        task.result.complete(execute(task, worker));
                    } catch (CodeException e) {
                        task.result.completeExceptionally(e);
                    } catch (RuntimeException e) {
                        LOG.warn("A sandbox run failed unexpectedly", e);
                        worker.close();
                        task.result.completeExceptionally(new CodeException(CodeException.CRASHED,
                                "the sandbox failed: " + e, true, List.of()));
                    }
                    if (!worker.alive() || worker.runs() >= settings.runsPerWorker()
                            || worker.cpuMillis() > settings.cpuSecondsPerWorker() * 500L) {
                        worker.close();
                        // the next run finds a fresh process waiting
                        worker = running ? spawn() : null;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                if (worker != null) {
                    worker.close();
                }
            }
        }

        private SandboxWorker spawn() {
            try {
                return SandboxWorker.start(command.argv(index), settings.maxOutputChars() * 4, READY_MILLIS);
            } catch (SandboxUnavailableException e) {
                LOG.warn("Sandbox slot {} could not start a worker: {}", index + 1, e.getMessage());
                return null;
            }
        }
    }
}
