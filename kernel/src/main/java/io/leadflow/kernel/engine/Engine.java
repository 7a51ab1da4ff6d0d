package io.leadflow.kernel.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadflow.api.http.HttpClient;
import io.leadflow.api.node.Item;
import io.leadflow.api.node.Port;
import io.leadflow.api.node.LeadAccess;
import io.leadflow.api.node.RetryPolicy;
import io.leadflow.api.trigger.KernelEvent;
import io.leadflow.kernel.circuit.CircuitRegistry;
import io.leadflow.kernel.credential.CredentialService;
import io.leadflow.kernel.event.KernelEvents;
import io.leadflow.kernel.http.ProblemException;
import io.leadflow.kernel.plugin.NodeRegistry;
import io.leadflow.kernel.realtime.EventBus;
import io.leadflow.kernel.store.DatabaseFailures;
import io.leadflow.kernel.store.PgNotifications;
import io.leadflow.kernel.store.Store;
import io.leadflow.kernel.workflow.WorkflowService;
import io.leadflow.kernel.workflow.WorkflowVersion;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs workflows durably. A kernel owns each execution it runs and drives it in memory
 * ({@link ExecutionRun}), committing checkpoints in groups ({@link CheckpointWriter}); executions
 * nobody owns (waits that came due, retries, events that arrived, a crashed kernel's) are taken
 * by the claimer with {@code FOR UPDATE SKIP LOCKED}. Waits are rows with a due time, never
 * sleeping threads, and a node that waits on I/O holds no thread either.
 */
public final class Engine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    private static final TypeReference<Map<String, List<Map<String, Object>>>> BY_PORT = new TypeReference<>() {
    };
    private static final TypeReference<List<Map<String, Object>>> ITEMS = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };
    /** The output port whose first item's {@code response} member answers a held webhook request. */
    public static final String RESPONSE_PORT = "response";
    /** Executions claimed from the database at a time. */
    private static final int CLAIM_BATCH = 64;
    /** Executions one kernel drives at once before it stops claiming more. */
    private static final int MAX_ACTIVE = 20_000;
    private static final long POLL_MILLIS = 1_000;
    /** Longest a caller waits for a new execution to be stored before it is told to retry. */
    private static final Duration STORE_WAIT = Duration.ofSeconds(10);

    private final Store store;
    private final WorkflowService workflows;
    private final NodeRegistry registry;
    private final EventBus events;
    private final ObjectMapper json;
    private final long maxOutputBytes;
    private final String workerId;
    private final Map<String, CompiledWorkflow> compiled = new ConcurrentHashMap<>();
    private final Map<UUID, ExecutionRun> active = new ConcurrentHashMap<>();
    /** Webhook requests held until a node of their execution answers on a {@code response} port. */
    private final Map<UUID, CompletableFuture<Map<String, Object>>> heldResponses = new ConcurrentHashMap<>();
    /** Sub-workflow callers waiting for an execution to finish. */
    private final Map<UUID, List<CompletableFuture<ExecutionRow>>> finishWaiters = new ConcurrentHashMap<>();
    private final SubWorkflows subWorkflows = new SubWorkflows(this);
    private final NodeInvoker invoker;
    private final PluginThreads pluginThreads;
    private final CheckpointWriter writer;
    private final ExecutorService pool;
    private final ExecutorService io;
    private final ScheduledExecutorService heartbeat;
    private final Thread claimer;
    private final Object wakeUp = new Object();
    private volatile Instant wakeAt;
    /** Other kernels share this database (their heartbeats are fresh). */
    private volatile boolean othersAlive;
    /** How long a kernel's heartbeat stays fresh (the claim query's interval). */
    private static final Duration LEASE = Duration.ofSeconds(10);
    /**
     * Since when this kernel's heartbeats have succeeded without a break (null: the last failed).
     * Starts a lease in the past: at start, a dead kernel's executions are taken at once.
     */
    private volatile Instant beatingSince = Instant.now().minus(LEASE);
    private final PgNotifications notifications;
    /** Where kernels hint each other that unowned work came due (a retry, an event that arrived). */
    private static final String WORK_CHANNEL = "leadflow_work";
    private volatile boolean running = true;
    /** Whether the database answers now: a new execution is refused at once while it does not. */
    private final java.util.function.BooleanSupplier databaseUp;

    public Engine(String kernelId, Store store, DataSource dataSource, PgNotifications notifications, WorkflowService workflows, NodeRegistry registry,
                  CredentialService credentials, EventBus events, HttpClient http, CircuitRegistry circuits,
                  LeadAccessFactory leads, ObjectMapper json, int workerCount, long maxOutputBytes, Duration nodeTimeout,
                  int maxInFlightPerPlugin, int threadsPerPlugin, java.util.function.BooleanSupplier databaseUp,
                  io.leadflow.api.code.CodeSandbox code, io.leadflow.kernel.plugin.HostCapabilities host) {
        this.databaseUp = databaseUp;
        this.pluginThreads = new PluginThreads(threadsPerPlugin);
        registry.whenStopped(pluginThreads::stop);
        this.workerId = kernelId;
        this.store = store.register(EngineMapper.class);
        this.workflows = workflows;
        this.registry = registry;
        this.events = events;
        this.json = json;
        this.maxOutputBytes = maxOutputBytes;
        this.io = Executors.newCachedThreadPool(daemon("engine-io"));
        this.pool = Executors.newFixedThreadPool(workerCount, daemon("engine-worker"));
        this.invoker = new NodeInvoker(registry, credentials, http, circuits, leads, store, json, io, nodeTimeout, subWorkflows,
                maxInFlightPerPlugin, pluginThreads, code, host);
        this.writer = new CheckpointWriter(dataSource, 2);
        this.notifications = notifications;
        notifications.listen(WORK_CHANNEL, sender -> {
            if (!workerId.equals(sender)) {
                wake(Instant.now());
            }
        });
        beat();
        // this kernel's name outlives its process: what its killed predecessor owned is free at once
        int reclaimed = this.store.inTransaction(EngineMapper.class, mapper -> mapper.disown(workerId));
        if (reclaimed > 0) {
            LOG.info("Taking back {} executions this kernel was running when it stopped", reclaimed);
        }
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(daemon("engine-heartbeat"));
        heartbeat.scheduleWithFixedDelay(this::beat, 2, 2, TimeUnit.SECONDS);
        heartbeat.scheduleWithFixedDelay(this::checkFinishWaiters, 1, 1, TimeUnit.SECONDS);
        this.claimer = daemon("engine-claimer").newThread(this::claimLoop);
        claimer.start();
    }

    /** The mode of the editor's test runs: the only runs that replay pinned data. */
    public static final String TEST_MODE = "test";

    /**
     * Starts a test run of a workflow version (null: the latest saved). With {@code runStart}
     * false, {@code items} are the start node's output (a trigger's event) and the run goes on up
     * to {@code until} (null: to the end), running only the nodes that lead to it; with it true,
     * the start node alone runs with {@code items} as its input. Nodes with pinned data replay it
     * instead of running, except the node the test is for. Committed when this returns.
     */
    public UUID startTest(UUID workflowId, Integer version, String startNodeId, List<Item> items, String until,
                          boolean runStart) {
        return begin(runStart
                ? newRun(UUID.randomUUID(), workflowId, version, startNodeId, items, TEST_MODE, startNodeId, true)
                : newRun(UUID.randomUUID(), workflowId, version, startNodeId, items, TEST_MODE, until, false));
    }

    /**
     * Starts an execution of a workflow version (null: the latest) with the items its trigger
     * produced. When this returns, the execution is committed.
     */
    public UUID start(UUID workflowId, Integer version, String triggerNodeId, List<Item> items, String mode) {
        return begin(newRun(workflowId, version, triggerNodeId, items, mode));
    }

    /** Stores a new execution's first checkpoint, then drives it; nothing runs unless it is stored. */
    private UUID begin(ExecutionRun run) {
        try {
            awaitStored(run);
        } catch (ProblemException e) {
            active.remove(run.id());
            throw e;
        }
        pool.execute(run::drive);
        return run.id();
    }

    /** Commits a new execution's first checkpoint, or throws 503 when it is not stored in time. */
    private static void awaitStored(ExecutionRun run) {
        CompletableFuture<Boolean> stored = run.checkpoint();
        boolean applied;
        try {
            try {
                applied = stored.get(STORE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                if (run.abandonCheckpoint()) {
                    throw notStored("the database did not take it within " + STORE_WAIT.toSeconds() + " s");
                }
                applied = stored.join(); // a writer has it: its statement timeout bounds the wait
            }
        } catch (java.util.concurrent.ExecutionException | CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (!DatabaseFailures.isTransient(cause)) {
                LOG.error("Execution {} could not be stored", run.id(), cause);
            }
            throw notStored(DatabaseFailures.describe(cause));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw notStored("interrupted");
        }
        if (!applied) {
            throw notStored("it was withdrawn");
        }
    }

    /** Nothing was acknowledged: the caller (a webhook's sender) should send it again. */
    static ProblemException notStored(String why) {
        return new ProblemException(503, "store-unavailable", "Execution not stored",
                "the execution could not be stored (" + why + "); nothing was accepted, retry shortly")
                .withHeader("Retry-After", "1");
    }

    /**
     * Starts an execution whose webhook request waits for a {@code response}: the returned future
     * completes with {@code {status, headers, body}} once a node's output on its
     * {@value #RESPONSE_PORT} port is committed, or with null when the execution ends (committed)
     * without one. Nothing is acknowledged before it is stored.
     */
    public CompletableFuture<Map<String, Object>> startHeld(UUID workflowId, Integer version, String triggerNodeId,
                                                            List<Item> items, String mode, UUID[] executionIdOut) {
        ExecutionRun run = newRun(workflowId, version, triggerNodeId, items, mode);
        CompletableFuture<Map<String, Object>> response = new CompletableFuture<>();
        heldResponses.put(run.id(), response);
        executionIdOut[0] = run.id();
        pool.execute(run::drive);
        return response;
    }

    /** Whether the execution's row is committed (false if unreadable), read off the caller's thread. */
    CompletableFuture<Boolean> isStored(UUID executionId) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return store.inTransaction(EngineMapper.class, mapper -> mapper.findExecution(executionId)) != null;
            } catch (RuntimeException e) {
                return false;
            }
        }, io);
    }

    /**
     * Starts the latest version of a workflow at its first node under a given execution id, unless
     * an execution with that id exists already (a sub-workflow call made again after a crash).
     */
    void startOnce(UUID executionId, UUID workflowId, List<Item> items) {
        if (store.inTransaction(EngineMapper.class, mapper -> mapper.findExecution(executionId)) != null) {
            return;
        }
        WorkflowVersion latest = workflows.get(workflowId, null);
        CompiledWorkflow workflow = compiled(workflowId, latest.version());
        ExecutionRun run = newRun(executionId, workflowId, latest.version(), workflow.firstNode(latest.document()),
                items, "sub-workflow");
        try {
            run.checkpoint().join();
        } catch (CompletionException e) {
            active.remove(run.id());
            if (store.inTransaction(EngineMapper.class, mapper -> mapper.findExecution(executionId)) != null) {
                return; // started by a concurrent call with the same key
            }
            throw new IllegalStateException("the execution could not be stored", e);
        }
        pool.execute(run::drive);
    }

    /** Completes with the execution's row once it has finished, wherever it runs. */
    CompletableFuture<ExecutionRow> whenFinished(UUID executionId) {
        CompletableFuture<ExecutionRow> done = new CompletableFuture<>();
        finishWaiters.computeIfAbsent(executionId, id -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(done);
        done.whenComplete((row, error) -> {
            var waiting = finishWaiters.get(executionId);
            if (waiting != null) {
                waiting.remove(done);
                if (waiting.isEmpty()) {
                    finishWaiters.remove(executionId, waiting);
                }
            }
        });
        checkFinished(executionId);
        return done;
    }

    /** Completes the waiters of executions that finished elsewhere (another kernel, before a restart). */
    private void checkFinishWaiters() {
        for (UUID executionId : List.copyOf(finishWaiters.keySet())) {
            try {
                checkFinished(executionId);
            } catch (RuntimeException e) {
                LOG.debug("Checking execution {} failed", executionId, e);
            }
        }
    }

    private void checkFinished(UUID executionId) {
        ExecutionRow row = store.inTransaction(EngineMapper.class, mapper -> mapper.findExecution(executionId));
        if (row != null && isFinished(row.status)) {
            var waiting = finishWaiters.remove(executionId);
            if (waiting != null) {
                waiting.forEach(done -> done.complete(row));
            }
        }
    }

    /** The {@code main} items of an execution's last successful node run. */
    List<Item> lastOutput(UUID executionId) {
        String output = store.inTransaction(EngineMapper.class, mapper -> mapper.lastOutput(executionId));
        return output == null ? List.of() : readItemsByPort(output).getOrDefault(Port.MAIN, List.of());
    }

    private static boolean isFinished(String status) {
        return "succeeded".equals(status) || "failed".equals(status) || "canceled".equals(status);
    }

    private ExecutionRun newRun(UUID workflowId, Integer version, String triggerNodeId, List<Item> items, String mode) {
        return newRun(UUID.randomUUID(), workflowId, version, triggerNodeId, items, mode);
    }

    private ExecutionRun newRun(UUID executionId, UUID workflowId, Integer version, String triggerNodeId,
                                List<Item> items, String mode) {
        return newRun(executionId, workflowId, version, triggerNodeId, items, mode, null, false);
    }

    private ExecutionRun newRun(UUID executionId, UUID workflowId, Integer version, String triggerNodeId,
                                List<Item> items, String mode, String runUntil, boolean runStart) {
        if (!databaseUp.getAsBoolean()) {
            throw notStored("the database is unavailable");
        }
        int pinned = version != null ? version : workflows.get(workflowId, null).version();
        CompiledWorkflow workflow = compiled(workflowId, pinned);
        if (workflow.node(triggerNodeId) == null) {
            throw ProblemException.invalidParameter("node", "the workflow has no node '" + triggerNodeId + "'");
        }
        if (runUntil != null && workflow.node(runUntil) == null) {
            throw ProblemException.invalidField("/until", "the workflow has no node '" + runUntil + "'");
        }
        if (runUntil != null && !workflow.leadsTo(triggerNodeId, runUntil)) {
            throw ProblemException.invalidField("/until", "no path leads from '" + triggerNodeId + "' to '"
                    + runUntil + "'");
        }
        ExecutionRow row = new ExecutionRow();
        row.id = executionId;
        row.workflowId = workflowId;
        row.workflowVersion = pinned;
        row.status = "running";
        row.mode = mode;
        row.triggerNode = triggerNodeId;
        row.startedAt = Instant.now();
        row.runUntil = runUntil;
        ExecutionRun run = runStart ? ExecutionRun.node(this, row, workflow, triggerNodeId, items)
                : ExecutionRun.fresh(this, row, workflow, triggerNodeId, items);
        active.put(row.id, run);
        return run;
    }

    /** Cancels a running or waiting execution: its pending work is dropped, its history kept. */
    public void cancel(UUID executionId) {
        ExecutionRow execution = requireExecution(executionId);
        int canceled = store.inTransaction(session -> {
            EngineMapper mapper = session.getMapper(EngineMapper.class);
            int rows = mapper.cancel(executionId, "canceled by a user");
            if (rows > 0) {
                mapper.dropWork(executionId);
            }
            return rows;
        });
        if (canceled == 0) {
            throw ProblemException.conflict("execution " + executionId + " already "
                    + requireExecution(executionId).status);
        }
        ExecutionRun run = active.remove(executionId);
        if (run != null) {
            run.cancel();
        }
        answer(executionId, null);
        publish(execution, "execution.finished", Map.of("executionId", executionId.toString(), "status", "canceled"));
    }

    /**
     * Retries a failed execution from the node that failed it, with the input that node had; the
     * nodes that succeeded before are not run again.
     */
    public void retry(UUID executionId) {
        ExecutionRow execution = requireExecution(executionId);
        if (!"failed".equals(execution.status)) {
            throw ProblemException.conflict("only a failed execution can be retried; this one is " + execution.status);
        }
        NodeRunRow failed = null;
        for (NodeRunRow run : store.inTransaction(EngineMapper.class, mapper -> mapper.nodeRuns(executionId))) {
            if ("failed".equals(run.status)) {
                failed = run;
            }
        }
        if (failed == null || failed.inputJson == null) {
            throw ProblemException.conflict("the execution has no failed node to retry from");
        }
        NodeRunRow from = failed;
        int reopened = store.inTransaction(session -> {
            EngineMapper mapper = session.getMapper(EngineMapper.class);
            if (mapper.reopen(executionId) == 0) {
                return 0;
            }
            WorkItemRow item = new WorkItemRow();
            item.id = UUID.randomUUID();
            item.executionId = executionId;
            item.nodeId = from.nodeId;
            item.inputJson = from.inputJson;
            item.attempt = 1;
            item.idempotencyKey = executionId + ":" + from.nodeId + ":" + item.id.toString().substring(0, 8);
            item.dueAt = Instant.now();
            mapper.enqueue(item);
            return 1;
        });
        if (reopened == 0) {
            throw ProblemException.conflict("execution " + executionId + " is no longer failed");
        }
        publish(execution, "execution.retried", Map.of("executionId", executionId.toString(), "nodeId", from.nodeId));
        workCameDue();
    }

    /**
     * Hands a kernel event to the executions waiting for it (matched on its type and
     * {@linkplain KernelEvents#correlationKey correlation key}); they resume on the next claim.
     */
    public void deliver(KernelEvent event) {
        String key = KernelEvents.correlationKey(event);
        if (key == null) {
            return;
        }
        Map<String, Object> data = new LinkedHashMap<>(event.data());
        data.putIfAbsent("type", event.type());
        data.putIfAbsent("at", event.at().toString());
        String eventJson = write(data);
        int resumed = store.inTransaction(session -> {
            EngineMapper mapper = session.getMapper(EngineMapper.class);
            int waits = mapper.deliverEvent(event.type(), key, eventJson);
            if (waits > 0) {
                mapper.makeDue(event.type(), key);
            }
            return waits;
        });
        if (resumed > 0) {
            workCameDue();
        }
    }

    private ExecutionRow requireExecution(UUID executionId) {
        ExecutionRow execution = store.inTransaction(EngineMapper.class, mapper -> mapper.findExecution(executionId));
        if (execution == null) {
            throw ProblemException.notFound("execution", executionId.toString());
        }
        return execution;
    }

    // -- claiming executions nobody owns ------------------------------------------------------------

    private void claimLoop() {
        while (running) {
            try {
                int room = Math.min(CLAIM_BATCH, MAX_ACTIVE - active.size());
                List<ExecutionRow> claimed = room <= 0 ? List.of()
                        : store.inTransaction(EngineMapper.class, mapper -> mapper.claim(workerId, room, mayTakeOthers()));
                for (ExecutionRow execution : claimed) {
                    resume(execution);
                }
                if (claimed.size() < room || room <= 0) {
                    sleepUntilWoken(room <= 0 ? 50 : POLL_MILLIS);
                }
            } catch (RuntimeException e) {
                if (running) {
                    LOG.warn("Claiming executions failed; trying again shortly: {}", DatabaseFailures.describe(e));
                    sleepUntilWoken(POLL_MILLIS);
                }
            }
        }
    }

    /**
     * Whether a stale heartbeat means its kernel is gone. Right after this kernel's own database
     * outage every heartbeat is stale, live kernels' included: wait one lease for them to beat.
     */
    private boolean mayTakeOthers() {
        Instant since = beatingSince;
        return since != null && Duration.between(since, Instant.now()).compareTo(LEASE) >= 0;
    }

    private void resume(ExecutionRow execution) {
        try {
            List<WorkItemRow> items = new ArrayList<>();
            List<NodeRunRow> history = new ArrayList<>();
            store.inTransaction(session -> {
                EngineMapper mapper = session.getMapper(EngineMapper.class);
                items.addAll(mapper.workItems(execution.id));
                history.addAll(mapper.nodeRuns(execution.id));
                return null;
            });
            ExecutionRun run = ExecutionRun.resumed(this, execution, compiled(execution.workflowId,
                    execution.workflowVersion), items, history);
            active.put(execution.id, run);
            pool.execute(run::drive);
        } catch (RuntimeException e) {
            LOG.error("Execution {} could not be resumed", execution.id, e);
        }
    }

    private void sleepUntilWoken(long maxMillis) {
        synchronized (wakeUp) {
            long millis = maxMillis;
            Instant at = wakeAt;
            if (at != null) {
                millis = Math.max(0, Math.min(millis, Duration.between(Instant.now(), at).toMillis()));
                wakeAt = null;
            }
            if (millis > 0) {
                try {
                    wakeUp.wait(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
        }
    }

    /** Wakes this kernel's claimer and hints the others (any kernel may take the work). */
    private void workCameDue() {
        wake(Instant.now());
        if (othersAlive) {
            notifications.notify(WORK_CHANNEL, workerId);
        }
    }

    /** Whether other kernels share this database right now. */
    public boolean othersAlive() {
        return othersAlive;
    }

    /** This kernel's id among the kernels sharing the database. */
    public String kernelId() {
        return workerId;
    }

    /** Makes the claimer look for due executions no later than {@code at}. */
    void wake(Instant at) {
        if (at == null) {
            return;
        }
        synchronized (wakeUp) {
            if (wakeAt == null || at.isBefore(wakeAt)) {
                wakeAt = at;
            }
            wakeUp.notifyAll();
        }
    }

    // -- what runs report back ----------------------------------------------------------------------

    void answer(UUID executionId, Map<String, Object> answer) {
        CompletableFuture<Map<String, Object>> held = heldResponses.remove(executionId);
        if (held != null) {
            held.complete(answer);
        }
    }

    void finished(ExecutionRun run, String status, String error) {
        active.remove(run.id(), run);
        answer(run.id(), null);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("executionId", run.id().toString());
        data.put("status", status);
        if (error != null) {
            data.put("error", error);
        }
        publish(run.execution, "execution.finished", data);
        var waiting = finishWaiters.remove(run.id());
        if (waiting != null) {
            ExecutionRow row = run.execution;
            row.status = status;
            row.error = error;
            waiting.forEach(done -> done.complete(row));
        }
        afterFinish(run.execution, run.workflow().settings(), status, error);
    }

    /**
     * What a workflow's settings ask for once an execution is over: drop its data
     * ({@code keepExecutionData}) and on failure start its error workflow ({@code errorWorkflow})
     * with what failed. An error workflow's own failure starts nothing, so they never loop.
     */
    private void afterFinish(ExecutionRow execution, com.fasterxml.jackson.databind.JsonNode settings, String status,
                             String error) {
        String keep = settings.path("keepExecutionData").asText("all");
        boolean dropData = ("failed".equals(keep) && "succeeded".equals(status))
                || ("none".equals(keep) && ("succeeded".equals(status) || "failed".equals(status)));
        String errorWorkflow = settings.path("errorWorkflow").asText(null);
        boolean reportFailure = "failed".equals(status) && errorWorkflow != null && !"error".equals(execution.mode);
        if (!dropData && !reportFailure) {
            return;
        }
        io.execute(() -> {
            try {
                if (dropData) {
                    store.inTransaction(EngineMapper.class, mapper -> mapper.clearData(execution.id));
                }
                if (reportFailure) {
                    UUID target = UUID.fromString(errorWorkflow);
                    WorkflowVersion version = workflows.get(target, null);
                    CompiledWorkflow workflow = compiled(target, version.version());
                    Map<String, Object> failed = new LinkedHashMap<>();
                    failed.put("id", execution.id.toString());
                    failed.put("workflowId", execution.workflowId.toString());
                    failed.put("mode", execution.mode);
                    failed.put("error", error);
                    start(target, version.version(), workflow.firstNode(version.document()),
                            List.of(Item.of(Map.of("execution", failed))), "error");
                }
            } catch (RuntimeException e) {
                LOG.warn("After execution {} finished: {}", execution.id, e.getMessage());
            }
        });
    }

    /** The run waits; a held request stays held, for the run that resumes it here to answer. */
    void released(ExecutionRun run, Instant nextDue) {
        active.remove(run.id(), run);
        wake(nextDue);
    }

    /**
     * The run stopped without finishing here: canceled or taken over ({@code stored}), or its
     * execution could never be stored, in which case a held request must not hear 202.
     */
    void forget(ExecutionRun run, boolean stored) {
        active.remove(run.id(), run);
        if (stored) {
            answer(run.id(), null);
        } else {
            CompletableFuture<Map<String, Object>> held = heldResponses.remove(run.id());
            if (held != null) {
                held.completeExceptionally(new IllegalStateException("the execution could not be stored"));
            }
        }
    }

    void publish(ExecutionRow execution, String type, Map<String, Object> data) {
        events.publish("execution:" + execution.id, type, data);
        events.publish("workflow:" + execution.workflowId, type, data);
        events.publish("executions", type, data);
    }

    String workerId() {
        return workerId;
    }

    Executor pool() {
        return pool;
    }

    CheckpointWriter writer() {
        return writer;
    }

    /** The plugins whose calls are stuck in plugin code past their deadline, for health. */
    public Map<String, Map<String, Object>> stuckPlugins() {
        return pluginThreads.stuck();
    }

    NodeInvoker invoker() {
        return invoker;
    }

    ObjectMapper json() {
        return json;
    }

    long maxOutputBytes() {
        return maxOutputBytes;
    }

    private CompiledWorkflow compiled(UUID workflowId, int version) {
        return compiled.computeIfAbsent(workflowId + "@" + version,
                key -> new CompiledWorkflow(workflows.get(workflowId, version).document(),
                        type -> registry.node(type).map(node -> node.descriptor().loopsBack()).orElse(false)));
    }

    // -- JSON --------------------------------------------------------------------------------------

    static Map<String, List<Map<String, Object>>> toJson(Map<String, List<Item>> byPort) {
        Map<String, List<Map<String, Object>>> result = new LinkedHashMap<>();
        byPort.forEach((port, items) -> result.put(port, items.stream().map(Item::json).toList()));
        return result;
    }

    Map<String, List<Item>> readItemsByPort(String text) {
        Map<String, List<Item>> result = new LinkedHashMap<>();
        readPorts(text).forEach((port, items) -> result.put(port, items.stream().map(Item::of).toList()));
        return result;
    }

    Map<String, List<Map<String, Object>>> readPorts(String text) {
        return read(text, BY_PORT);
    }

    List<Map<String, Object>> readItems(String text) {
        return read(text, ITEMS);
    }

    Map<String, Object> readObject(String text) {
        return read(text, OBJECT);
    }

    String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("node data must be plain JSON values: " + e.getOriginalMessage(), e);
        }
    }

    private <T> T read(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored node data is not JSON", e);
        }
    }

    /** Exponential backoff with full jitter, capped. */
    static Duration backoff(RetryPolicy policy, int attempt) {
        double exponential = policy.initialDelay().toMillis() * Math.pow(policy.multiplier(), attempt - 1);
        long capped = (long) Math.min(exponential, policy.maxDelay().toMillis());
        return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Tells other kernels this one's executions are alive. */
    private void beat() {
        try {
            othersAlive = store.inTransaction(EngineMapper.class, mapper -> {
                mapper.heartbeat(workerId);
                return mapper.liveWorkers() > 1;
            });
            if (beatingSince == null) {
                beatingSince = Instant.now();
            }
        } catch (RuntimeException e) {
            beatingSince = null;
            LOG.warn("Engine heartbeat failed: {}", DatabaseFailures.describe(e));
        }
    }

    /**
     * Stops claiming and running; what is committed stays, and this kernel's executions are given
     * up so the next start (or another kernel) resumes them at once from their last checkpoint.
     */
    @Override
    public void close() {
        running = false;
        active.values().forEach(ExecutionRun::stop);
        wake(Instant.now());
        heartbeat.shutdownNow();
        pool.shutdown();
        try {
            claimer.join(5_000);
            if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.shutdownNow();
        }
        writer.close();
        io.shutdownNow();
        pluginThreads.close();
        // a held request whose execution is not committed yet must hear "retry", never 202
        heldResponses.values().forEach(held -> held.completeExceptionally(new IllegalStateException("stopping")));
        try {
            store.inTransaction(EngineMapper.class, mapper -> {
                mapper.disown(workerId);
                mapper.retire(workerId);
                return null;
            });
        } catch (RuntimeException e) {
            LOG.debug("Giving up this kernel's executions failed", e);
        }
    }

    /** Lead access for one node run, audited against its execution. */
    @FunctionalInterface
    public interface LeadAccessFactory {
        LeadAccess forRun(String executionId, String workflowId, Executor executor);
    }
}
