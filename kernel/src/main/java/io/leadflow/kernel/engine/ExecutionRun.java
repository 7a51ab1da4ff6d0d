package io.leadflow.kernel.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadflow.api.node.Item;
import io.leadflow.api.node.NodeDescriptor;
import io.leadflow.api.node.NodeResult;
import io.leadflow.api.node.Port;
import io.leadflow.api.node.RetryPolicy;
import io.leadflow.kernel.store.DatabaseFailures;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One execution this kernel owns, driven in memory one node run at a time. Each finished node run
 * goes into the next {@link Checkpoint}; a checkpoint is committed before a node that is not
 * idempotent runs (so a side effect never repeats because of a lost checkpoint, and the node's
 * idempotency key is stored before it is used), after such a node, before a webhook is answered,
 * at a wait, and at the end. Runs of idempotent nodes in between are committed together: after a
 * crash they run again, which by their declaration changes nothing.
 *
 * <p>Never runs on two threads at once: every step is handed to the engine's pool only when the
 * previous one (a node's result, a commit) is in.
 */
final class ExecutionRun {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutionRun.class);
    /** Most node runs committed together, bounding what a crash makes idempotent nodes redo. */
    private static final int MAX_STEPS_PER_CHECKPOINT = 64;

    private final Engine engine;
    final ExecutionRow execution;
    private final CompiledWorkflow workflow;
    private final ArrayDeque<WorkItemRow> ready = new ArrayDeque<>();
    /** Stored items not yet due: waits for a time or an event. */
    private int parkedWaits;
    /** Stored items not yet due: retries after a backoff. */
    private int parkedRetries;
    private Instant nextParkedDue;
    private Checkpoint pending;
    /** The checkpoint {@link #checkpoint()} last submitted. */
    private Checkpoint submitted;
    private List<Runnable> afterCommit = new ArrayList<>();
    private int stepsSinceCheckpoint;
    private boolean checkpointNow;
    /** The most bytes of failure details a node run keeps: room for a 300 KB screenshot and a little more. */
    static final int MAX_FAILURE_DETAILS_BYTES = 512 * 1024;
    /** Each node's last {@code main} output, by node id, for {@code $node} in templates. */
    private final Map<String, List<Map<String, Object>>> outputs = new HashMap<>();
    private int seq;
    private boolean announced;
    private Map<String, Object> answer;
    private volatile boolean stopped;
    private final PluginThreads.Cancellation cancellation = new PluginThreads.Cancellation();
    /** The log of each node run in flight, kept with its node run when it completes. */
    private final Map<WorkItemRow, NodeRunLog> runLogs = new java.util.concurrent.ConcurrentHashMap<>();

    private ExecutionRun(Engine engine, ExecutionRow execution, CompiledWorkflow workflow) {
        this.engine = engine;
        this.execution = execution;
        this.workflow = workflow;
        this.pending = new Checkpoint(execution.id, engine.workerId());
    }

    /** A new execution: the trigger's run is its first node run; nothing is stored until the first checkpoint. */
    static ExecutionRun fresh(Engine engine, ExecutionRow execution, CompiledWorkflow workflow, String triggerNodeId,
                              List<Item> items) {
        ExecutionRun run = new ExecutionRun(engine, execution, workflow);
        run.pending.newExecution = execution;
        Map<String, List<Item>> output = Map.of(Port.MAIN, items);
        Instant now = Instant.now();
        run.record(triggerNodeId, 1, execution.id + ":" + triggerNodeId, "succeeded", null,
                engine.write(Engine.toJson(output)), null, now);
        run.outputs.put(triggerNodeId, items.stream().map(Item::json).toList());
        run.route(triggerNodeId, output);
        return run;
    }

    /**
     * A test of one node: the node runs with these items as its input (on its first connected
     * input port), and nothing before or after it runs; nothing is stored until the first checkpoint.
     */
    static ExecutionRun node(Engine engine, ExecutionRow execution, CompiledWorkflow workflow, String nodeId,
                             List<Item> items) {
        ExecutionRun run = new ExecutionRun(engine, execution, workflow);
        run.pending.newExecution = execution;
        WorkItemRow first = new WorkItemRow();
        first.id = UUID.randomUUID();
        first.executionId = execution.id;
        first.nodeId = nodeId;
        first.input = Map.of(workflow.inputPortsOf(nodeId).stream().findFirst().orElse(Port.MAIN), items);
        first.attempt = 1;
        first.idempotencyKey = execution.id + ":" + nodeId + ":" + first.id.toString().substring(0, 8);
        first.dueAt = Instant.now();
        run.ready.addLast(first);
        return run;
    }

    /** An execution taken from the database: its due work runs, the rest stays parked. */
    static ExecutionRun resumed(Engine engine, ExecutionRow execution, CompiledWorkflow workflow,
                                List<WorkItemRow> items, List<NodeRunRow> history) {
        ExecutionRun run = new ExecutionRun(engine, execution, workflow);
        run.announced = true;
        Instant now = Instant.now();
        for (WorkItemRow item : items) {
            item.stored = true;
            if (item.eventJson != null || !item.dueAt.isAfter(now)) {
                run.ready.addLast(item);
            } else {
                run.park(item);
            }
        }
        for (NodeRunRow past : history) {
            run.seq = Math.max(run.seq, past.seq + 1);
            if ("succeeded".equals(past.status) && past.outputJson != null) {
                run.outputs.put(past.nodeId, engine.readPorts(past.outputJson).getOrDefault(Port.MAIN, List.of()));
            }
        }
        return run;
    }

    UUID id() {
        return execution.id;
    }

    CompiledWorkflow workflow() {
        return workflow;
    }

    /** Commits what is pending now, e.g. so a webhook may answer 202 knowing the execution is stored. */
    CompletableFuture<Boolean> checkpoint() {
        Checkpoint checkpoint = seal();
        submitted = checkpoint;
        List<Runnable> actions = takeAfterCommit();
        engine.writer().submit(checkpoint);
        return checkpoint.committed.thenApply(applied -> {
            if (applied) {
                actions.forEach(Runnable::run);
            }
            return applied;
        });
    }

    /**
     * Withdraws the checkpoint {@link #checkpoint()} submitted, if no writer has taken it yet: its
     * caller gave up waiting, so it must never be stored. False if it is being written already.
     */
    boolean abandonCheckpoint() {
        return submitted != null && submitted.abandon();
    }

    /** Stops driving: another kernel took the execution over, or this one stops. */
    void stop() {
        stopped = true;
    }

    /** Stops driving and abandons its node's call into plugin code, interrupting a blocked thread. */
    void cancel() {
        stopped = true;
        cancellation.cancel();
    }

    /** Runs ready work until the execution waits for a node, a commit, or has nothing left. */
    void drive() {
        try {
            while (!stopped) {
                WorkItemRow candidate = nextReady();
                if (candidate == null) {
                    finish();
                    return;
                }
                if (hasPending() && !isResume(candidate) && !idempotent(candidate.nodeId)) {
                    commitThen(this::drive);
                    return;
                }
                WorkItemRow item = take(candidate);
                Instant started = Instant.now();
                CompletableFuture<NodeResult> result = start(item);
                if (result.isDone()) {
                    complete(item, result.join(), started);
                    if (checkpointNow) {
                        commitThenDrive();
                        return;
                    }
                    continue;
                }
                result.whenComplete((outcome, error) -> engine.pool().execute(() -> {
                    if (stopped) {
                        return;
                    }
                    try {
                        complete(item, outcome == null ? NodeResult.retryableFailure("the node failed: " + error) : outcome,
                                started);
                    } catch (RuntimeException e) {
                        failHard(e);
                        return;
                    }
                    if (checkpointNow) {
                        commitThenDrive();
                    } else {
                        drive();
                    }
                }));
                return;
            }
        } catch (RuntimeException e) {
            failHard(e);
        }
    }

    // -- choosing work -----------------------------------------------------------------------------

    /**
     * The next item to run. A node fed by several input ports (a merge) waits until every connected
     * port has items, unless nothing else can still feed it: then it runs with what it has.
     */
    private WorkItemRow nextReady() {
        for (WorkItemRow item : ready) {
            if (isResume(item) || !workflow.joins(item.nodeId) || joinComplete(item.nodeId)) {
                return item;
            }
        }
        if (!ready.isEmpty() && parkedWaits == 0 && parkedRetries == 0) {
            return ready.peekFirst();
        }
        return null;
    }

    private boolean joinComplete(String nodeId) {
        java.util.Set<String> arrived = new java.util.HashSet<>();
        for (WorkItemRow item : ready) {
            if (item.nodeId.equals(nodeId) && !isResume(item)) {
                arrived.addAll(input(item).keySet());
            }
        }
        return arrived.containsAll(workflow.inputPortsOf(nodeId));
    }

    /** Removes the item (for a merge node: every item waiting for it, joined into one input). */
    private WorkItemRow take(WorkItemRow candidate) {
        if (isResume(candidate) || !workflow.joins(candidate.nodeId)) {
            ready.remove(candidate);
            consume(candidate);
            return candidate;
        }
        Map<String, List<Item>> joined = new LinkedHashMap<>();
        Iterator<WorkItemRow> iterator = ready.iterator();
        while (iterator.hasNext()) {
            WorkItemRow item = iterator.next();
            if (item.nodeId.equals(candidate.nodeId) && !isResume(item)) {
                iterator.remove();
                consume(item);
                input(item).forEach((port, items) -> joined.computeIfAbsent(port, p -> new ArrayList<>()).addAll(items));
            }
        }
        WorkItemRow merged = copyOf(candidate);
        merged.input = joined;
        merged.inputJson = null;
        return merged;
    }

    private void consume(WorkItemRow item) {
        if (item.stored) {
            pending.consumed.add(item.id);
        }
    }

    private static boolean isResume(WorkItemRow item) {
        return item.resumeJson != null || item.waitEvent != null || item.eventJson != null;
    }

    private boolean idempotent(String nodeId) {
        return engine.invoker().descriptor(workflow.node(nodeId).get("type").asText())
                .map(NodeDescriptor::idempotent).orElse(true);
    }

    // -- running one node --------------------------------------------------------------------------

    private CompletableFuture<NodeResult> start(WorkItemRow item) {
        if (isResume(item)) {
            return CompletableFuture.completedFuture(resumption(item));
        }
        List<Item> pinnedOutput = pinnedOutput(item.nodeId);
        if (pinnedOutput != null) {
            item.pinned = true;
            return CompletableFuture.completedFuture(new NodeResult.Emit(Map.of(Port.MAIN, pinnedOutput)));
        }
        engine.publish(execution, "node.started", Map.of("executionId", execution.id.toString(),
                "nodeId", item.nodeId, "attempt", item.attempt));
        NodeRunLog log = new NodeRunLog("node." + workflow.node(item.nodeId).path("type").asText());
        runLogs.put(item, log);
        return engine.invoker().invoke(workflow.node(item.nodeId), workflow.config(item.nodeId, engine.json()), item,
                execution.workflowId, input(item), () -> bindings(input(item)), cancellation, log);
    }

    /**
     * In a test run, the items pinned as the node's output, which replace running it; null when the
     * node runs. The node a test run is for always runs, and runs of other modes never replay.
     */
    private List<Item> pinnedOutput(String nodeId) {
        if (!Engine.TEST_MODE.equals(execution.mode) || nodeId.equals(execution.runUntil)) {
            return null;
        }
        return workflow.pinned(nodeId, engine.json());
    }

    /** What a parked item emits when it is due: after a wait, a received event, or a wait's timeout. */
    private NodeResult resumption(WorkItemRow item) {
        List<Item> then = item.resumeJson == null ? List.of()
                : engine.readItems(item.resumeJson).stream().map(Item::of).toList();
        if (item.eventJson != null) {
            Map<String, Object> event = engine.readObject(item.eventJson);
            List<Item> received = new ArrayList<>();
            if (then.isEmpty()) {
                received.add(Item.of(Map.of("event", event)));
            }
            for (Item one : then) {
                Map<String, Object> json = new LinkedHashMap<>(one.json());
                json.put("event", event);
                received.add(Item.of(json));
            }
            String port = receivedPort(item.receivedPort, event);
            if (port == null) {
                return new NodeResult.Failure("the event that resumed the node has no '" + item.receivedPort
                        .substring(1, item.receivedPort.length() - 1) + "' to choose the output by", false,
                        "no_port", Map.of());
            }
            return new NodeResult.Emit(Map.of(port, received));
        }
        if (item.waitEvent != null) {
            return new NodeResult.Emit(Map.of(item.timeoutPort, then));
        }
        return new NodeResult.Emit(Map.of(Port.MAIN, then));
    }

    /**
     * The output of a received event: the wait's port, or for a port written {@code {name}} the
     * event's {@code name} member (a call's outcome, say); null when the event has none.
     */
    static String receivedPort(String declared, Map<String, Object> event) {
        if (declared.length() > 2 && declared.startsWith("{") && declared.endsWith("}")) {
            Object chosen = event.get(declared.substring(1, declared.length() - 1));
            return chosen == null || chosen.toString().isBlank() ? null : chosen.toString();
        }
        return declared;
    }

    /** Records the node's result in the pending checkpoint and routes its items on. */
    private void complete(WorkItemRow item, NodeResult produced, Instant started) {
        JsonNode node = workflow.node(item.nodeId);
        NodeResult result = produced;
        String outputJson = null;
        if (produced instanceof NodeResult.Emit emit) {
            outputJson = engine.write(Engine.toJson(emit.byPort()));
            long size = outputJson.getBytes(StandardCharsets.UTF_8).length;
            if (size > engine.maxOutputBytes()) {
                outputJson = null;
                result = new NodeResult.Failure("the node's output is " + size + " bytes, over the limit of "
                        + engine.maxOutputBytes() + " (LEADFLOW_MAX_NODE_OUTPUT_BYTES)", false, "output_too_large", Map.of());
            }
        }
        String inputJson = inputJson(item);
        String status;
        if (result instanceof NodeResult.Emit emit) {
            status = "succeeded";
            record(item.nodeId, item.attempt, item.idempotencyKey, status, inputJson, outputJson, null, started);
            pending.nodeRuns.get(pending.nodeRuns.size() - 1).pinned = item.pinned;
            outputs.put(item.nodeId, emit.byPort().getOrDefault(Port.MAIN, List.of()).stream().map(Item::json).toList());
            route(item.nodeId, emit.byPort());
            List<Item> response = emit.byPort().getOrDefault(Engine.RESPONSE_PORT, List.of());
            if (!response.isEmpty() && response.get(0).get("response") instanceof Map<?, ?> map && answer == null) {
                @SuppressWarnings("unchecked")
                Map<String, Object> typed = (Map<String, Object>) map;
                answer = typed;
                afterCommit.add(() -> engine.answer(execution.id, typed));
                checkpointNow = true;
            }
        } else if (result instanceof NodeResult.WaitUntil wait) {
            status = "waiting";
            record(item.nodeId, item.attempt, item.idempotencyKey, status, inputJson, null, null, started);
            WorkItemRow parked = follow(item);
            parked.resumeJson = engine.write(wait.then().stream().map(Item::json).toList());
            parked.dueAt = wait.until();
            park(parked);
        } else if (result instanceof NodeResult.WaitForEvent wait) {
            status = "waiting";
            record(item.nodeId, item.attempt, item.idempotencyKey, status, inputJson, null, null, started);
            WorkItemRow parked = follow(item);
            parked.resumeJson = engine.write(wait.then().stream().map(Item::json).toList());
            parked.waitEvent = wait.eventType();
            parked.waitKey = wait.correlationKey();
            parked.receivedPort = wait.receivedPort();
            parked.timeoutPort = wait.timeoutPort();
            parked.dueAt = Instant.now().plus(wait.timeout());
            park(parked);
        } else {
            NodeResult.Failure failure = (NodeResult.Failure) result;
            RetryPolicy policy = retryPolicy(node);
            Instant deferredUntil = NodeInvoker.deferredUntil(failure);
            if (deferredUntil != null) {
                // quiet hours: the node runs again when they end, without spending an attempt
                status = "waiting";
                record(item.nodeId, item.attempt, item.idempotencyKey, status, inputJson, null, failure.message(), started);
                failed(failure);
                WorkItemRow later = follow(item);
                later.dueAt = deferredUntil;
                park(later, true);
            } else if (failure.retryable() && item.attempt < policy.maxAttempts()) {
                status = "retrying";
                record(item.nodeId, item.attempt, item.idempotencyKey, "failed", inputJson, null, failure.message(), started);
                failed(failure);
                WorkItemRow retry = follow(item);
                retry.attempt = item.attempt + 1;
                retry.dueAt = Instant.now().plus(Engine.backoff(policy, item.attempt));
                park(retry);
            } else {
                status = "failed";
                record(item.nodeId, item.attempt, item.idempotencyKey, "failed", inputJson, null, failure.message(), started);
                failed(failure);
                failOrRoute(item, node, failure);
            }
        }
        logged(runLogs.remove(item));
        stepsSinceCheckpoint++;
        if (!"succeeded".equals(status) || !idempotent(item.nodeId) || stepsSinceCheckpoint >= MAX_STEPS_PER_CHECKPOINT) {
            checkpointNow = true;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("executionId", execution.id.toString());
        data.put("nodeId", item.nodeId);
        data.put("status", status);
        data.put("attempt", item.attempt);
        data.put("durationMs", Duration.between(started, Instant.now()).toMillis());
        if (result instanceof NodeResult.Emit emit) {
            Map<String, Integer> counts = new LinkedHashMap<>();
            emit.byPort().forEach((port, items) -> counts.put(port, items.size()));
            data.put("items", counts);
        }
        if (result instanceof NodeResult.Failure failure) {
            data.put("error", failure.message());
        }
        if (item.pinned) {
            data.put("pinned", true);
        }
        afterCommit.add(() -> engine.publish(execution, "node.finished", data));
    }

    /** A failure the node could not recover from: its error port, "continue on fail", or the end. */
    private void failOrRoute(WorkItemRow item, JsonNode node, NodeResult.Failure failure) {
        if (!workflow.targetsOf(item.nodeId, Port.ERROR).isEmpty()) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("message", failure.message());
            if (failure.code() != null) {
                error.put("code", failure.code());
            }
            error.put("node", node.get("name").asText());
            route(item.nodeId, Map.of(Port.ERROR, List.of(Item.of(Map.of("error", error)))));
            return;
        }
        if (node.path("continueOnFail").asBoolean(false)) {
            route(item.nodeId, Map.of(Port.MAIN, input(item).getOrDefault(Port.MAIN, List.of())));
            return;
        }
        fail("node '" + node.get("name").asText() + "' failed: " + failure.message());
    }

    /** Ends the execution as failed: its pending work is dropped, its history kept. */
    private void fail(String error) {
        pending.status = "failed";
        pending.error = error;
        pending.dropAllWork = true;
        ready.clear();
        parkedWaits = 0;
        parkedRetries = 0;
        checkpointNow = true;
    }

    /** Queues the successors of every output port that produced items. */
    private void route(String nodeId, Map<String, List<Item>> output) {
        String until = execution.runUntil;
        if (nodeId.equals(until)) {
            return; // a test run up to this node ends here
        }
        output.forEach((port, items) -> {
            if (items.isEmpty()) {
                return;
            }
            for (CompiledWorkflow.Target target : workflow.targetsOf(nodeId, port)) {
                JsonNode targetNode = workflow.node(target.nodeId());
                if (targetNode == null || targetNode.path("disabled").asBoolean(false)
                        || (until != null && !workflow.leadsTo(target.nodeId(), until))) {
                    continue;
                }
                WorkItemRow next = new WorkItemRow();
                next.id = UUID.randomUUID();
                next.executionId = execution.id;
                next.nodeId = target.nodeId();
                next.input = Map.of(target.port(), items);
                next.attempt = 1;
                next.idempotencyKey = execution.id + ":" + target.nodeId() + ":" + next.id.toString().substring(0, 8);
                next.dueAt = Instant.now();
                ready.addLast(next);
            }
        });
    }

    /** A new stored item continuing this one later (a wait, a retry): same node, input and key. */
    private WorkItemRow follow(WorkItemRow item) {
        WorkItemRow next = new WorkItemRow();
        next.id = UUID.randomUUID();
        next.executionId = execution.id;
        next.nodeId = item.nodeId;
        next.input = input(item);
        next.inputJson = item.inputJson;
        next.attempt = item.attempt;
        next.idempotencyKey = item.idempotencyKey;
        return next;
    }

    private void park(WorkItemRow item) {
        park(item, false);
    }

    /** Parks an item until it is due; {@code waiting} counts it as a wait (the execution shows waiting), not a retry. */
    private void park(WorkItemRow item, boolean waiting) {
        if (waiting || item.resumeJson != null || item.waitEvent != null) {
            parkedWaits++;
        } else {
            parkedRetries++;
        }
        if (!item.stored) {
            item.inputJson = inputJson(item);
            pending.created.add(item);
            item.stored = true;
        }
        if (nextParkedDue == null || item.dueAt.isBefore(nextParkedDue)) {
            nextParkedDue = item.dueAt;
        }
    }

    /**
     * Adds a failure's code and details to the node run just recorded. Details past
     * {@value #MAX_FAILURE_DETAILS_BYTES} bytes (a node's screenshot gone wrong) are replaced by a
     * note of their size, so no node can bloat the database with its failures.
     */
    private void failed(NodeResult.Failure failure) {
        NodeRunRow row = pending.nodeRuns.get(pending.nodeRuns.size() - 1);
        row.errorCode = failure.code();
        if (failure.details().isEmpty()) {
            return;
        }
        String details;
        try {
            details = engine.write(failure.details());
        } catch (RuntimeException e) {
            details = engine.write(Map.of("unwritable", String.valueOf(e.getMessage())));
        }
        int size = details.getBytes(StandardCharsets.UTF_8).length;
        row.errorDetailsJson = size <= MAX_FAILURE_DETAILS_BYTES ? details
                : engine.write(Map.of("omitted", "the failure's details were " + size + " bytes, over the limit of "
                        + MAX_FAILURE_DETAILS_BYTES));
    }

    /** Adds the lines the node logged to the node run just recorded. */
    private void logged(NodeRunLog log) {
        List<Map<String, Object>> lines = log == null ? List.of() : log.lines();
        if (!lines.isEmpty()) {
            pending.nodeRuns.get(pending.nodeRuns.size() - 1).logsJson = engine.write(lines);
        }
    }

    private void record(String nodeId, int attempt, String key, String status, String inputJson, String outputJson,
                        String error, Instant started) {
        NodeRunRow row = new NodeRunRow();
        row.id = UUID.randomUUID();
        row.executionId = execution.id;
        row.nodeId = nodeId;
        row.attempt = attempt;
        row.status = status;
        row.idempotencyKey = key;
        row.inputJson = inputJson;
        row.outputJson = outputJson;
        row.error = error;
        row.startedAt = started;
        row.finishedAt = Instant.now();
        row.seq = seq++;
        pending.nodeRuns.add(row);
    }

    // -- checkpoints -------------------------------------------------------------------------------

    private boolean hasPending() {
        return pending.newExecution != null || !pending.nodeRuns.isEmpty() || !pending.consumed.isEmpty()
                || !pending.created.isEmpty() || pending.dropAllWork;
    }

    /** Closes the pending checkpoint: ready items not yet stored go in, so the frontier is durable. */
    private Checkpoint seal() {
        Checkpoint sealed = pending;
        if (!sealed.dropAllWork) {
            for (WorkItemRow item : ready) {
                if (!item.stored) {
                    item.inputJson = inputJson(item);
                    sealed.created.add(item);
                    item.stored = true;
                }
            }
        }
        pending = new Checkpoint(execution.id, engine.workerId());
        stepsSinceCheckpoint = 0;
        checkpointNow = false;
        if (!announced) {
            announced = true;
            afterCommit.add(0, () -> engine.publish(execution, "execution.started", Map.of(
                    "executionId", execution.id.toString(), "workflowId", execution.workflowId.toString(),
                    "version", execution.workflowVersion, "mode", execution.mode)));
        }
        return sealed;
    }

    private List<Runnable> takeAfterCommit() {
        List<Runnable> actions = afterCommit;
        afterCommit = new ArrayList<>();
        return actions;
    }

    private void commitThen(Runnable next) {
        Checkpoint checkpoint = seal();
        List<Runnable> actions = takeAfterCommit();
        engine.writer().submit(checkpoint);
        checkpoint.committed.whenComplete((applied, error) -> engine.pool().execute(() -> {
            if (error != null) {
                storeFailed(checkpoint, error);
                return;
            }
            if (!applied) {
                stopped = true;
                engine.forget(this, true);
                return;
            }
            actions.forEach(Runnable::run);
            if (checkpoint.finished()) {
                engine.finished(this, checkpoint.status, checkpoint.error);
                return;
            }
            if (checkpoint.release) {
                engine.released(this, nextParkedDue);
                return;
            }
            next.run();
        }));
    }

    /** Commits now; if nothing is left to run, this is the execution's last checkpoint too. */
    private void commitThenDrive() {
        if (nextReady() == null) {
            finish();
        } else {
            commitThen(this::drive);
        }
    }

    /** Nothing ready: the execution is over, or it waits and this kernel lets it go until it is due. */
    private void finish() {
        if (!pending.finished()) {
            pending.status = parkedWaits + parkedRetries == 0 ? "succeeded" : parkedRetries == 0 ? "waiting" : "running";
        }
        pending.release = true;
        commitThen(() -> { });
    }

    /** A checkpoint could not be written (e.g. data PostgreSQL refuses): the execution fails with why. */
    private void storeFailed(Checkpoint checkpoint, Throwable error) {
        Throwable cause = error.getCause() != null && error instanceof java.util.concurrent.CompletionException
                ? error.getCause() : error;
        LOG.warn("Execution {}: a checkpoint could not be stored: {}", execution.id, DatabaseFailures.describe(cause));
        if (checkpoint.newExecution != null || checkpoint.finished() || stopped) {
            stopped = true;
            engine.forget(this, checkpoint.newExecution == null);
            return;
        }
        pending = new Checkpoint(execution.id, engine.workerId());
        afterCommit.clear();
        fail("the execution's progress could not be stored: " + cause.getMessage());
        commitThen(() -> { });
    }

    /** A bug, not a node's failure: the execution fails with it rather than hanging. */
    private void failHard(RuntimeException e) {
        LOG.error("Execution {} failed in the engine", execution.id, e);
        fail("the engine failed running this execution: " + e);
        commitThen(() -> { });
    }

    // -- data --------------------------------------------------------------------------------------

    private Map<String, List<Item>> input(WorkItemRow item) {
        if (item.input == null) {
            item.input = engine.readItemsByPort(item.inputJson);
        }
        return item.input;
    }

    private String inputJson(WorkItemRow item) {
        if (item.inputJson == null) {
            item.inputJson = engine.write(Engine.toJson(input(item)));
        }
        return item.inputJson;
    }

    private Map<String, Object> bindings(Map<String, List<Item>> input) {
        List<Item> main = input.getOrDefault(Port.MAIN, input.values().stream().findFirst().orElse(List.of()));
        Map<String, Object> bindings = new LinkedHashMap<>();
        bindings.put("json", main.isEmpty() ? Map.of() : main.get(0).json());
        bindings.put("items", main.stream().map(Item::json).toList());
        Map<String, Object> byName = new LinkedHashMap<>();
        workflow.idsByName().forEach((name, id) -> {
            List<Map<String, Object>> items = outputs.get(id);
            if (items != null) {
                byName.put(name, Map.of("json", items.isEmpty() ? Map.of() : items.get(0), "items", items));
            }
        });
        bindings.put("node", byName);
        bindings.put("execution", Map.of("id", execution.id.toString(), "workflowId", execution.workflowId.toString()));
        return bindings;
    }

    private RetryPolicy retryPolicy(JsonNode node) {
        RetryPolicy base = engine.invoker().descriptor(node.get("type").asText())
                .map(NodeDescriptor::retryPolicy).orElse(RetryPolicy.NONE);
        JsonNode retry = node.get("retry");
        if (retry == null) {
            return base;
        }
        Duration initial = retry.has("initialDelayMs") ? Duration.ofMillis(retry.get("initialDelayMs").asLong())
                : base.initialDelay();
        Duration max = retry.has("maxDelayMs") ? Duration.ofMillis(retry.get("maxDelayMs").asLong()) : base.maxDelay();
        return new RetryPolicy(retry.path("maxAttempts").asInt(base.maxAttempts()), initial,
                max.compareTo(initial) < 0 ? initial : max, retry.path("multiplier").asDouble(base.multiplier()));
    }

    private static WorkItemRow copyOf(WorkItemRow item) {
        WorkItemRow copy = new WorkItemRow();
        copy.id = item.id;
        copy.executionId = item.executionId;
        copy.nodeId = item.nodeId;
        copy.attempt = item.attempt;
        copy.idempotencyKey = item.idempotencyKey;
        copy.dueAt = item.dueAt;
        copy.stored = item.stored;
        return copy;
    }
}
