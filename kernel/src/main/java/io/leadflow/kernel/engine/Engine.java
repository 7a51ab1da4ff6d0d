package io.leadflow.kernel.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadflow.api.credential.Credential;
import io.leadflow.api.http.HttpClient;
import io.leadflow.api.node.Action;
import io.leadflow.api.node.Item;
import io.leadflow.api.node.LeadAccess;
import io.leadflow.api.node.NodeConfig;
import io.leadflow.api.node.NodeDescriptor;
import io.leadflow.api.node.NodeInput;
import io.leadflow.api.node.NodeResult;
import io.leadflow.api.node.Port;
import io.leadflow.api.node.RetryPolicy;
import io.leadflow.kernel.circuit.CircuitHttpClient;
import io.leadflow.kernel.circuit.CircuitRegistry;
import io.leadflow.kernel.credential.CredentialService;
import io.leadflow.kernel.http.ProblemException;
import io.leadflow.kernel.plugin.NodeRegistry;
import io.leadflow.kernel.plugin.Slf4jNodeLogger;
import io.leadflow.kernel.realtime.EventBus;
import io.leadflow.kernel.store.Store;
import io.leadflow.kernel.workflow.WorkflowService;
import io.leadflow.kernel.workflow.WorkflowVersion;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.ibatis.session.SqlSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs workflows durably. An execution and its first work items commit in one transaction before
 * {@link #start} returns; workers claim due work items with {@code FOR UPDATE SKIP LOCKED} under a
 * lease (an expired lease is claimed again, so a crashed worker loses nothing); every finished
 * node run is checkpointed together with the work it creates, so after a crash only the node that
 * was running runs again, with the same idempotency key. Waits are work items due later, not
 * sleeping threads.
 */
public final class Engine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    private static final TypeReference<Map<String, List<Map<String, Object>>>> BY_PORT = new TypeReference<>() {
    };
    private static final TypeReference<List<Map<String, Object>>> ITEMS = new TypeReference<>() {
    };
    private static final int LEASE_SECONDS = 120;
    private static final int BATCH = 1;
    /** How long one node run may take before it fails (retryable) with a timeout. */
    private final Duration nodeTimeout;
    /** Largest output one node run may store; one execution can never take the heap. */
    private final long maxOutputBytes;

    private final Store store;
    private final WorkflowService workflows;
    private final NodeRegistry registry;
    private final CredentialService credentials;
    private final EventBus events;
    private final HttpClient http;
    private final CircuitRegistry circuits;
    private final LeadAccessFactory leads;
    private final ObjectMapper json;
    private final String workerId = "kernel-" + UUID.randomUUID().toString().substring(0, 8);
    private final Map<String, CompiledWorkflow> compiled = new ConcurrentHashMap<>();
    private final Map<String, PluginStateStore> states = new ConcurrentHashMap<>();
    /** Webhook requests held until a node of their execution answers on a {@code response} port. */
    private final Map<UUID, java.util.concurrent.CompletableFuture<Map<String, Object>>> heldResponses =
            new ConcurrentHashMap<>();
    /** The output port whose first item's {@code response} member answers a held webhook request. */
    public static final String RESPONSE_PORT = "response";
    private final ExecutorService workers;
    private final java.util.concurrent.ScheduledExecutorService heartbeat;
    private final ExecutorService io;
    private final Object wakeUp = new Object();
    private final AtomicBoolean running = new AtomicBoolean(true);

    public Engine(Store store, WorkflowService workflows, NodeRegistry registry, CredentialService credentials,
                  EventBus events, HttpClient http, CircuitRegistry circuits, LeadAccessFactory leads, ObjectMapper json,
                  int workerCount, long maxOutputBytes, Duration nodeTimeout) {
        this.store = store.register(EngineMapper.class);
        this.workflows = workflows;
        this.registry = registry;
        this.credentials = credentials;
        this.events = events;
        this.http = http;
        this.circuits = circuits;
        this.leads = leads;
        this.json = json;
        this.maxOutputBytes = maxOutputBytes;
        this.nodeTimeout = nodeTimeout;
        this.io = Executors.newCachedThreadPool(daemon("engine-io"));
        this.workers = Executors.newFixedThreadPool(workerCount, daemon("engine-worker"));
        beat();
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(daemon("engine-heartbeat"));
        heartbeat.scheduleWithFixedDelay(this::beat, 2, 2, TimeUnit.SECONDS);
        for (int i = 0; i < workerCount; i++) {
            workers.submit(this::workLoop);
        }
    }

    /**
     * Starts an execution of a workflow version with the items its trigger produced. When this
     * returns, the execution and its first work are committed.
     */
    public UUID start(UUID workflowId, Integer version, String triggerNodeId, List<Item> items, String mode) {
        return start(workflowId, version, triggerNodeId, items, mode, null);
    }

    /**
     * Starts an execution whose webhook request waits for a {@code response}: the returned future
     * completes with {@code {status, headers, body}} when a node emits on its {@value #RESPONSE_PORT}
     * port, or with null when the execution ends without one.
     */
    public java.util.concurrent.CompletableFuture<Map<String, Object>> startHeld(UUID workflowId, Integer version,
            String triggerNodeId, List<Item> items, String mode, UUID[] executionIdOut) {
        java.util.concurrent.CompletableFuture<Map<String, Object>> response = new java.util.concurrent.CompletableFuture<>();
        executionIdOut[0] = start(workflowId, version, triggerNodeId, items, mode, response);
        return response;
    }

    private UUID start(UUID workflowId, Integer version, String triggerNodeId, List<Item> items, String mode,
                       java.util.concurrent.CompletableFuture<Map<String, Object>> response) {
        WorkflowVersion saved = workflows.get(workflowId, version);
        CompiledWorkflow workflow = compiled(workflowId, saved.version());
        if (workflow.node(triggerNodeId) == null) {
            throw ProblemException.invalidParameter("node", "the workflow has no node '" + triggerNodeId + "'");
        }
        UUID executionId = UUID.randomUUID();
        if (response != null) {
            heldResponses.put(executionId, response);
        }
        Instant now = Instant.now();
        store.inTransaction(session -> {
            EngineMapper mapper = session.getMapper(EngineMapper.class);
            ExecutionRow execution = new ExecutionRow();
            execution.id = executionId;
            execution.workflowId = workflowId;
            execution.workflowVersion = saved.version();
            execution.status = "running";
            execution.mode = mode;
            execution.triggerNode = triggerNodeId;
            mapper.insertExecution(execution);
            Map<String, List<Item>> output = Map.of(Port.MAIN, items);
            mapper.insertNodeRun(nodeRun(executionId, triggerNodeId, 1, "succeeded", executionId + ":" + triggerNodeId,
                    null, write(toJson(output)), null, now));
            route(mapper, workflow, executionId, triggerNodeId, output);
            finishIfDone(mapper, executionId);
            return null;
        });
        publish(executionId, workflowId, "execution.started", Map.of("executionId", executionId.toString(),
                "workflowId", workflowId.toString(), "version", saved.version(), "mode", mode));
        ExecutionRow started = store.inTransaction(EngineMapper.class, mapper -> mapper.findExecution(executionId));
        if (response != null && isFinished(started.status)) {
            heldResponses.remove(executionId);
            response.complete(null);
        }
        wake();
        return executionId;
    }

    /** Cancels a running or waiting execution: its pending work is dropped, its history kept. */
    public void cancel(UUID executionId) {
        ExecutionRow execution = requireExecution(executionId);
        if (isFinished(execution.status)) {
            throw ProblemException.conflict("execution " + executionId + " already " + execution.status);
        }
        store.inTransaction(session -> {
            EngineMapper mapper = session.getMapper(EngineMapper.class);
            mapper.dropWork(executionId);
            mapper.setStatus(executionId, "canceled", "canceled by a user");
            return null;
        });
        var held = heldResponses.remove(executionId);
        if (held != null) {
            held.complete(null);
        }
        publish(executionId, execution.workflowId, "execution.finished",
                Map.of("executionId", executionId.toString(), "status", "canceled"));
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
        List<NodeRunRow> runs = store.inTransaction(EngineMapper.class, mapper -> mapper.nodeRuns(executionId));
        NodeRunRow failed = null;
        for (NodeRunRow run : runs) {
            if ("failed".equals(run.status)) {
                failed = run;
            }
        }
        if (failed == null || failed.inputJson == null) {
            throw ProblemException.conflict("the execution has no failed node to retry from");
        }
        NodeRunRow from = failed;
        store.inTransaction(session -> {
            EngineMapper mapper = session.getMapper(EngineMapper.class);
            WorkItemRow item = new WorkItemRow();
            item.executionId = executionId;
            item.nodeId = from.nodeId;
            item.inputJson = from.inputJson;
            item.attempt = 1;
            item.idempotencyKey = executionId + ":" + from.nodeId + ":" + UUID.randomUUID().toString().substring(0, 8);
            item.dueAt = Instant.now();
            mapper.enqueue(item);
            mapper.reopen(executionId);
            return null;
        });
        publish(executionId, execution.workflowId, "execution.retried",
                Map.of("executionId", executionId.toString(), "nodeId", from.nodeId));
        wake();
    }

    private ExecutionRow requireExecution(UUID executionId) {
        ExecutionRow execution = store.inTransaction(EngineMapper.class, mapper -> mapper.findExecution(executionId));
        if (execution == null) {
            throw ProblemException.notFound("execution", executionId.toString());
        }
        return execution;
    }

    private void workLoop() {
        while (running.get()) {
            try {
                List<WorkItemRow> claimed = store.inTransaction(EngineMapper.class,
                        mapper -> mapper.claim(workerId, BATCH, LEASE_SECONDS));
                if (claimed.isEmpty()) {
                    synchronized (wakeUp) {
                        wakeUp.wait(250);
                    }
                    continue;
                }
                for (WorkItemRow item : claimed) {
                    if (!running.get()) {
                        return; // the lease expires and another worker or kernel takes the item
                    }
                    process(item);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (running.get()) {
                    LOG.error("Engine worker failed; retrying", e);
                    sleepQuietly(1000);
                }
            }
        }
    }

    /** Runs one claimed work item to a checkpoint. */
    private void process(WorkItemRow item) {
        ExecutionRow execution = store.inTransaction(EngineMapper.class, mapper -> mapper.findExecution(item.executionId));
        if (execution == null || isFinished(execution.status)) {
            store.inTransaction(EngineMapper.class, mapper -> mapper.complete(item.id));
            return;
        }
        CompiledWorkflow workflow = compiled(execution.workflowId, execution.workflowVersion);
        JsonNode node = workflow.node(item.nodeId);
        Instant started = Instant.now();
        publish(item.executionId, execution.workflowId, "node.started", Map.of("executionId", item.executionId.toString(),
                "nodeId", item.nodeId, "attempt", item.attempt));
        Map<String, List<Item>> input = fromJson(read(item.inputJson, BY_PORT));
        if (item.resumeJson != null) {
            List<Item> then = read(item.resumeJson, ITEMS).stream().map(Item::of).toList();
            checkpoint(item, execution, workflow, new NodeResult.Emit(Map.of(Port.MAIN, then)), input, started,
                    RetryPolicy.NONE, node);
            return;
        }
        String type = node.get("type").asText();
        Optional<NodeRegistry.NodeLease> lease = registry.lease(type);
        if (lease.isEmpty() || !(lease.get().node().node() instanceof Action action)) {
            lease.ifPresent(NodeRegistry.NodeLease::close);
            checkpoint(item, execution, workflow, NodeResult.permanentFailure("node type '" + type
                    + "' is not available (is its plugin installed and started?)"), input, started, RetryPolicy.NONE, node);
            return;
        }
        NodeResult result;
        RetryPolicy policy = retryPolicy(lease.get().node().descriptor(), node);
        try (NodeRegistry.NodeLease held = lease.get()) {
            result = runNode(action, held.node().descriptor(), node, item, execution, workflow, input);
        }
        checkpoint(item, execution, workflow, result, input, started, policy, node);
    }

    private NodeResult runNode(Action action, NodeDescriptor descriptor, JsonNode node, WorkItemRow item,
                               ExecutionRow execution, CompiledWorkflow workflow, Map<String, List<Item>> input) {
        try {
            Map<String, Object> rawConfig = node.has("config")
                    ? json.convertValue(node.get("config"), new TypeReference<Map<String, Object>>() { })
                    : Map.of();
            Map<String, Object> config = rawConfig;
            if (Templates.hasTemplates(rawConfig)) {
                @SuppressWarnings("unchecked")
                Map<String, Object> evaluated = (Map<String, Object>) Templates.evaluate(rawConfig,
                        bindings(execution, workflow, input));
                config = evaluated;
            }
            Optional<Credential> credential = Optional.empty();
            if (node.hasNonNull("credential")) {
                UUID credentialId = UUID.fromString(node.get("credential").asText());
                credential = credentials.decrypted(credentialId);
                if (credential.isEmpty()) {
                    return NodeResult.permanentFailure("the configured credential no longer exists");
                }
                if (!descriptor.credentialTypes().contains(credential.get().typeId())) {
                    return NodeResult.permanentFailure("the configured credential is a " + credential.get().typeId()
                            + ", but this node accepts " + descriptor.credentialTypes());
                }
            }
            String pluginId = descriptor.scope();
            EngineNodeContext context = new EngineNodeContext(execution.workflowId.toString(), item.executionId.toString(),
                    item.nodeId, item.idempotencyKey, item.attempt, NodeConfig.of(config), credential,
                    new Slf4jNodeLogger("node." + descriptor.typeId()),
                    new CircuitHttpClient(http, circuits, credential.map(Credential::id).orElse(null)),
                    states.computeIfAbsent(pluginId, id -> new PluginStateStore(store, id, json, io)),
                    leads.forRun(item.executionId.toString(), execution.workflowId.toString(), io));
            NodeResult result = action.execute(new NodeInput(input), context).toCompletableFuture()
                    .get(nodeTimeout.toMillis(), TimeUnit.MILLISECONDS);
            return result == null ? NodeResult.permanentFailure("the node returned no result") : result;
        } catch (Templates.TemplateException | IllegalArgumentException e) {
            return NodeResult.permanentFailure(e.getMessage());
        } catch (TimeoutException e) {
            return NodeResult.retryableFailure("the node did not finish within " + nodeTimeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return NodeResult.retryableFailure("interrupted");
        } catch (Exception e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return new NodeResult.Failure("the node failed: " + cause, true, "node_exception", Map.of());
        }
    }

    /** Records the node run and the work it creates in one transaction, then publishes. */
    private void checkpoint(WorkItemRow item, ExecutionRow execution, CompiledWorkflow workflow, NodeResult produced,
                            Map<String, List<Item>> input, Instant started, RetryPolicy policy, JsonNode node) {
        NodeResult result = produced;
        if (produced instanceof NodeResult.Emit emit) {
            int size = write(toJson(emit.byPort())).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (size > maxOutputBytes) {
                result = new NodeResult.Failure("the node's output is " + size + " bytes, over the limit of "
                        + maxOutputBytes + " (LEADFLOW_MAX_NODE_OUTPUT_BYTES)", false, "output_too_large", Map.of());
            }
        }
        NodeResult checked = result;
        String[] outcome = new String[1];
        store.inTransaction(session -> {
            EngineMapper mapper = session.getMapper(EngineMapper.class);
            String inputJson = write(toJson(input));
            if (checked instanceof NodeResult.Emit emit) {
                mapper.insertNodeRun(nodeRun(item.executionId, item.nodeId, item.attempt, "succeeded", item.idempotencyKey,
                        inputJson, write(toJson(emit.byPort())), null, started));
                mapper.complete(item.id);
                route(mapper, workflow, item.executionId, item.nodeId, emit.byPort());
                outcome[0] = "succeeded";
            } else if (checked instanceof NodeResult.WaitUntil wait) {
                mapper.insertNodeRun(nodeRun(item.executionId, item.nodeId, item.attempt, "waiting", item.idempotencyKey,
                        inputJson, null, null, started));
                mapper.waitUntil(item.id, write(wait.then().stream().map(Item::json).toList()), wait.until());
                outcome[0] = "waiting";
            } else if (checked instanceof NodeResult.Failure failure) {
                mapper.insertNodeRun(nodeRun(item.executionId, item.nodeId, item.attempt, "failed", item.idempotencyKey,
                        inputJson, null, failure.message(), started));
                outcome[0] = "failed";
                if (failure.retryable() && item.attempt < policy.maxAttempts()) {
                    mapper.retryLater(item.id, item.attempt + 1, Instant.now().plus(backoff(policy, item.attempt)));
                    outcome[0] = "retrying";
                } else {
                    mapper.complete(item.id);
                    failOrRoute(mapper, session, workflow, item, node, failure, input);
                }
            } else {
                mapper.insertNodeRun(nodeRun(item.executionId, item.nodeId, item.attempt, "failed", item.idempotencyKey,
                        inputJson, null, "waiting for events is not supported yet", started));
                mapper.complete(item.id);
                mapper.dropWork(item.executionId);
                mapper.setStatus(item.executionId, "failed", "node '" + item.nodeId + "': waiting for events is not supported yet");
            }
            finishIfDone(mapper, item.executionId);
            return null;
        });
        long millis = Duration.between(started, Instant.now()).toMillis();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("executionId", item.executionId.toString());
        data.put("nodeId", item.nodeId);
        data.put("status", outcome[0]);
        data.put("attempt", item.attempt);
        data.put("durationMs", millis);
        if (checked instanceof NodeResult.Emit emit) {
            Map<String, Integer> counts = new LinkedHashMap<>();
            emit.byPort().forEach((port, items) -> counts.put(port, items.size()));
            data.put("items", counts);
        }
        if (checked instanceof NodeResult.Failure failure) {
            data.put("error", failure.message());
        }
        publish(item.executionId, execution.workflowId, "node.finished", data);
        if (checked instanceof NodeResult.Emit emit && !emit.byPort().getOrDefault(RESPONSE_PORT, List.of()).isEmpty()) {
            var held = heldResponses.remove(item.executionId);
            Object answer = emit.byPort().get(RESPONSE_PORT).get(0).get("response");
            if (held != null && answer instanceof Map<?, ?> map) {
                @SuppressWarnings("unchecked")
                Map<String, Object> typed = (Map<String, Object>) map;
                held.complete(typed);
            }
        }
        ExecutionRow after = store.inTransaction(EngineMapper.class, mapper -> mapper.findExecution(item.executionId));
        if (after != null && isFinished(after.status)) {
            var held = heldResponses.remove(item.executionId);
            if (held != null) {
                held.complete(null);
            }
            Map<String, Object> finished = new LinkedHashMap<>();
            finished.put("executionId", item.executionId.toString());
            finished.put("status", after.status);
            if (after.error != null) {
                finished.put("error", after.error);
            }
            publish(item.executionId, execution.workflowId, "execution.finished", finished);
        }
        wake();
    }

    /** A failure the node could not recover from: its error port, "continue on fail", or the end. */
    private void failOrRoute(EngineMapper mapper, SqlSession session, CompiledWorkflow workflow, WorkItemRow item,
                             JsonNode node, NodeResult.Failure failure, Map<String, List<Item>> input) {
        if (!workflow.targetsOf(item.nodeId, Port.ERROR).isEmpty()) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("message", failure.message());
            if (failure.code() != null) {
                error.put("code", failure.code());
            }
            error.put("node", node.get("name").asText());
            route(mapper, workflow, item.executionId, item.nodeId, Map.of(Port.ERROR, List.of(Item.of(Map.of("error", error)))));
            return;
        }
        if (node.path("continueOnFail").asBoolean(false)) {
            route(mapper, workflow, item.executionId, item.nodeId,
                    Map.of(Port.MAIN, input.getOrDefault(Port.MAIN, List.of())));
            return;
        }
        mapper.dropWork(item.executionId);
        mapper.setStatus(item.executionId, "failed", "node '" + node.get("name").asText() + "' failed: " + failure.message());
    }

    /** Queues the successors of every output port that produced items. */
    private void route(EngineMapper mapper, CompiledWorkflow workflow, UUID executionId, String nodeId,
                       Map<String, List<Item>> output) {
        output.forEach((port, items) -> {
            if (items.isEmpty()) {
                return;
            }
            for (CompiledWorkflow.Target target : workflow.targetsOf(nodeId, port)) {
                JsonNode targetNode = workflow.node(target.nodeId());
                if (targetNode != null && targetNode.path("disabled").asBoolean(false)) {
                    continue;
                }
                WorkItemRow next = new WorkItemRow();
                next.executionId = executionId;
                next.nodeId = target.nodeId();
                next.inputJson = write(Map.of(target.port(), items.stream().map(Item::json).toList()));
                next.attempt = 1;
                next.idempotencyKey = executionId + ":" + target.nodeId() + ":" + UUID.randomUUID().toString().substring(0, 8);
                next.dueAt = Instant.now();
                mapper.enqueue(next);
            }
        });
    }

    private static void finishIfDone(EngineMapper mapper, UUID executionId) {
        if (mapper.remainingWork(executionId) == 0) {
            mapper.setStatus(executionId, "succeeded", null);
        } else if (mapper.runnableWork(executionId) == 0) {
            mapper.setStatus(executionId, "waiting", null);
        } else {
            mapper.setStatus(executionId, "running", null);
        }
    }

    private Map<String, Object> bindings(ExecutionRow execution, CompiledWorkflow workflow, Map<String, List<Item>> input) {
        List<Item> main = input.getOrDefault(Port.MAIN, input.values().stream().findFirst().orElse(List.of()));
        Map<String, Object> bindings = new LinkedHashMap<>();
        bindings.put("json", main.isEmpty() ? Map.of() : main.get(0).json());
        bindings.put("items", main.stream().map(Item::json).toList());
        Map<String, Object> byName = new LinkedHashMap<>();
        Map<String, String> names = new LinkedHashMap<>();
        workflow.idsByName().forEach((name, id) -> names.put(id, name));
        for (NodeRunRow run : store.inTransaction(EngineMapper.class, mapper -> mapper.nodeRuns(execution.id))) {
            if ("succeeded".equals(run.status) && run.outputJson != null) {
                List<Map<String, Object>> items = read(run.outputJson, BY_PORT).getOrDefault(Port.MAIN, List.of());
                byName.put(names.getOrDefault(run.nodeId, run.nodeId),
                        Map.of("json", items.isEmpty() ? Map.of() : items.get(0), "items", items));
            }
        }
        bindings.put("node", byName);
        bindings.put("execution", Map.of("id", execution.id.toString(), "workflowId", execution.workflowId.toString()));
        return bindings;
    }

    private static RetryPolicy retryPolicy(NodeDescriptor descriptor, JsonNode node) {
        RetryPolicy base = descriptor.retryPolicy();
        JsonNode retry = node.get("retry");
        if (retry == null) {
            return base;
        }
        Duration initial = retry.has("initialDelayMs") ? Duration.ofMillis(retry.get("initialDelayMs").asLong()) : base.initialDelay();
        Duration max = retry.has("maxDelayMs") ? Duration.ofMillis(retry.get("maxDelayMs").asLong()) : base.maxDelay();
        return new RetryPolicy(retry.path("maxAttempts").asInt(base.maxAttempts()), initial,
                max.compareTo(initial) < 0 ? initial : max, retry.path("multiplier").asDouble(base.multiplier()));
    }

    /** Exponential backoff with full jitter, capped. */
    static Duration backoff(RetryPolicy policy, int attempt) {
        double exponential = policy.initialDelay().toMillis() * Math.pow(policy.multiplier(), attempt - 1);
        long capped = (long) Math.min(exponential, policy.maxDelay().toMillis());
        return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
    }

    private CompiledWorkflow compiled(UUID workflowId, int version) {
        return compiled.computeIfAbsent(workflowId + "@" + version,
                key -> new CompiledWorkflow(workflows.get(workflowId, version).document()));
    }

    private void publish(UUID executionId, UUID workflowId, String type, Map<String, Object> data) {
        events.publish("execution:" + executionId, type, data);
        events.publish("workflow:" + workflowId, type, data);
        events.publish("executions", type, data);
    }

    private static NodeRunRow nodeRun(UUID executionId, String nodeId, int attempt, String status, String key,
                                      String inputJson, String outputJson, String error, Instant started) {
        NodeRunRow row = new NodeRunRow();
        row.id = UUID.randomUUID();
        row.executionId = executionId;
        row.nodeId = nodeId;
        row.attempt = attempt;
        row.status = status;
        row.idempotencyKey = key;
        row.inputJson = inputJson;
        row.outputJson = outputJson;
        row.error = error;
        row.startedAt = started;
        return row;
    }

    private static boolean isFinished(String status) {
        return "succeeded".equals(status) || "failed".equals(status) || "canceled".equals(status);
    }

    private static Map<String, List<Map<String, Object>>> toJson(Map<String, List<Item>> byPort) {
        Map<String, List<Map<String, Object>>> result = new LinkedHashMap<>();
        byPort.forEach((port, items) -> result.put(port, items.stream().map(Item::json).toList()));
        return result;
    }

    private static Map<String, List<Item>> fromJson(Map<String, List<Map<String, Object>>> byPort) {
        Map<String, List<Item>> result = new LinkedHashMap<>();
        byPort.forEach((port, items) -> {
            List<Item> converted = new ArrayList<>();
            items.forEach(item -> converted.add(Item.of(item)));
            result.put(port, converted);
        });
        return result;
    }

    private String write(Object value) {
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

    private void wake() {
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        java.util.concurrent.atomic.AtomicInteger counter = new java.util.concurrent.atomic.AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Tells other kernels this one's leases are alive. */
    private void beat() {
        try {
            store.inTransaction(EngineMapper.class, mapper -> {
                mapper.heartbeat(workerId);
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warn("Engine heartbeat failed: {}", e.getMessage());
        }
    }

    /** Stops claiming work; items in flight finish or their leases expire for the next start. */
    @Override
    public void close() {
        running.set(false);
        heartbeat.shutdownNow();
        wake();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            workers.shutdownNow();
        }
        io.shutdownNow();
        try {
            store.inTransaction(EngineMapper.class, mapper -> {
                mapper.retire(workerId);
                return null;
            });
        } catch (RuntimeException e) {
            LOG.debug("Retiring the engine worker failed", e);
        }
    }

    /** Lead access for one node run, audited against its execution. */
    @FunctionalInterface
    public interface LeadAccessFactory {
        LeadAccess forRun(String executionId, String workflowId, java.util.concurrent.Executor executor);
    }
}
