package io.leadflow.kernel.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadflow.api.code.CodeSandbox;
import io.leadflow.api.credential.Credential;
import io.leadflow.kernel.plugin.HostCapabilities;
import io.leadflow.api.http.HttpClient;
import io.leadflow.kernel.message.RunServices;
import io.leadflow.api.node.LeadAccess;
import io.leadflow.api.node.Action;
import io.leadflow.api.node.Item;
import io.leadflow.api.node.WorkflowRunner;
import io.leadflow.api.node.NodeConfig;
import io.leadflow.api.node.NodeDescriptor;
import io.leadflow.api.node.NodeInput;
import io.leadflow.api.node.NodeLogger;
import io.leadflow.api.node.NodeResult;
import io.leadflow.api.node.Property;
import io.leadflow.api.node.PropertyType;
import io.leadflow.kernel.circuit.CircuitHttpClient;
import io.leadflow.kernel.circuit.CircuitRegistry;
import io.leadflow.kernel.credential.CredentialService;
import io.leadflow.kernel.plugin.NodeRegistry;
import io.leadflow.kernel.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs one node: evaluates its configuration's {@code {{ }}} templates, hands it its credential
 * and services, and turns whatever it does (a result, an exception, no answer in time) into a
 * {@link NodeResult}. The node runs on its plugin's threads ({@link PluginThreads}): an engine
 * thread never waits on plugin code.
 */
final class NodeInvoker {
    private static final Logger LOG = LoggerFactory.getLogger(NodeInvoker.class);
    private final NodeRegistry registry;
    private final CredentialService credentials;
    private final HttpClient http;
    private final CircuitRegistry circuits;
    /** The code of a node run deferred by quiet hours. */
    static final String DEFERRED = "quiet_hours";
    private static final String DEFERRED_UNTIL = "until";
    private final Engine.LeadAccessFactory leads;
    private final Store store;
    private final ObjectMapper json;
    private final Executor io;
    private final Duration nodeTimeout;
    private final Map<String, PluginStateStore> states = new ConcurrentHashMap<>();
    private final WorkflowRunner workflows;
    private final PluginBulkhead bulkhead;
    private final PluginThreads threads;
    private final CodeSandbox code;
    private final HostCapabilities host;

    NodeInvoker(NodeRegistry registry, CredentialService credentials, HttpClient http, CircuitRegistry circuits,
                Engine.LeadAccessFactory leads, Store store, ObjectMapper json, Executor io, Duration nodeTimeout,
                WorkflowRunner workflows, int maxInFlightPerPlugin, PluginThreads threads, CodeSandbox code,
                HostCapabilities host) {
        this.code = code;
        this.host = host;
        this.workflows = workflows;
        this.bulkhead = new PluginBulkhead(maxInFlightPerPlugin);
        this.threads = threads;
        this.registry = registry;
        this.credentials = credentials;
        this.http = http;
        this.circuits = circuits;
        this.leads = leads;
        this.store = store;
        this.json = json;
        this.io = io;
        this.nodeTimeout = nodeTimeout;
    }

    /** The descriptor of a node type, if its plugin is started. */
    Optional<NodeDescriptor> descriptor(String type) {
        return registry.node(type).map(NodeRegistry.RegisteredNode::descriptor);
    }

    /**
     * One node run; the lease on its plugin is held until the run's result is in. The node's code
     * runs on its plugin's own threads, under the node timeout; {@code cancellation} abandons it.
     */
    CompletableFuture<NodeResult> invoke(JsonNode node, CompiledWorkflow.NodeConfigValues configValues, WorkItemRow item,
                                         UUID workflowId, Map<String, List<Item>> input,
                                         Supplier<Map<String, Object>> bindings, PluginThreads.Cancellation cancellation,
                                         NodeLogger log) {
        String type = node.get("type").asText();
        Optional<NodeRegistry.NodeLease> lease = registry.lease(type);
        if (lease.isEmpty() || !(lease.get().node().node() instanceof Action action)) {
            lease.ifPresent(NodeRegistry.NodeLease::close);
            return CompletableFuture.completedFuture(NodeResult.permanentFailure("node type '" + type
                    + "' is not available (is its plugin installed and started?)"));
        }
        NodeRegistry.NodeLease held = lease.get();
        Optional<String> unavailable = host.unavailable(held.node().descriptor());
        if (unavailable.isPresent()) {
            held.close();
            return CompletableFuture.completedFuture(new NodeResult.Failure(unavailable.get(), false, "unavailable",
                    Map.of()));
        }
        String pluginId = held.node().pluginId();
        // the lease is let go when the call is over and no thread of it is left in the plugin's code
        return bulkhead.run(pluginId, () -> threads.call(pluginId, type, nodeTimeout, cancellation,
                        () -> execute(action, held.node().descriptor(), node, configValues, item, workflowId, input,
                                bindings, log), held::close)
                .handle((result, error) -> {
                    if (error != null) {
                        return failureOf(error, pluginId, type, item);
                    }
                    return result == null ? NodeResult.permanentFailure("the node returned no result") : result;
                }));
    }

    /** Runs on one of the plugin's threads: the node's own code and the kernel's preparation of it. */
    private CompletionStage<NodeResult> execute(Action action, NodeDescriptor descriptor, JsonNode node,
                                                  CompiledWorkflow.NodeConfigValues configValues, WorkItemRow item,
                                                  UUID workflowId, Map<String, List<Item>> input,
                                                  Supplier<Map<String, Object>> bindings, NodeLogger log) {
        Map<String, Object> config = configValues.values();
        boolean templated = configValues.templated();
        int savedWith = node.path("typeVersion").asInt(descriptor.version());
        if (savedWith < descriptor.version()) {
            // an execution pinned to a workflow version saved for an older node meets the upgraded plugin
            try {
                Map<String, Object> migrated = action.migrateConfig(savedWith, new java.util.LinkedHashMap<>(config));
                config = migrated == null ? Map.of() : migrated;
                templated = Templates.hasTemplates(config);
            } catch (RuntimeException e) {
                return CompletableFuture.completedFuture(NodeResult.permanentFailure("migrating the configuration "
                        + "from version " + savedWith + " to " + descriptor.version() + " failed: " + e));
            }
        }
        try {
            if (templated) {
                // a text property without expressions (a Code node's source) is taken as written
                Map<String, Object> literal = new java.util.LinkedHashMap<>();
                for (Property<?> property : descriptor.properties()) {
                    if (property.type() == PropertyType.TEXT && !property.expressions()
                            && config.containsKey(property.id())) {
                        literal.put(property.id(), config.get(property.id()));
                    }
                }
                Map<String, Object> templates = new java.util.LinkedHashMap<>(config);
                templates.keySet().removeAll(literal.keySet());
                @SuppressWarnings("unchecked")
                Map<String, Object> evaluated = (Map<String, Object>) Templates.evaluate(templates, bindings.get());
                Map<String, Object> merged = new java.util.LinkedHashMap<>(evaluated);
                merged.putAll(literal);
                config = merged;
            }
        } catch (Templates.TemplateException | IllegalArgumentException e) {
            return CompletableFuture.completedFuture(NodeResult.permanentFailure(e.getMessage()));
        }
        Optional<Credential> credential = Optional.empty();
        if (node.hasNonNull("credential")) {
            credential = credentials.decrypted(UUID.fromString(node.get("credential").asText()));
            if (credential.isEmpty()) {
                return CompletableFuture.completedFuture(
                        NodeResult.permanentFailure("the configured credential no longer exists"));
            }
            if (!descriptor.credentialTypes().contains(credential.get().typeId())) {
                return CompletableFuture.completedFuture(NodeResult.permanentFailure("the configured credential is a "
                        + credential.get().typeId() + ", but this node accepts " + descriptor.credentialTypes()));
            }
        }
        String executionId = item.executionId.toString();
        LeadAccess runLeads = leads.forRun(executionId, workflowId.toString(), io);
        EngineNodeContext context = new EngineNodeContext(workflowId.toString(), executionId, item.nodeId,
                item.idempotencyKey, item.attempt, NodeConfig.of(config), credential,
                log,
                new CircuitHttpClient(http, circuits, credential.map(Credential::id).orElse(null)),
                states.computeIfAbsent(descriptor.scope(), id -> new PluginStateStore(store, id, json, io)),
                runLeads, workflows, code);
        CompletionStage<NodeResult> stage = action.execute(new NodeInput(input), context);
        if (stage == null) {
            return CompletableFuture.completedFuture(null);
        }
        // a send refused for quiet hours: whatever the node made of it, the run waits until they end
        return runLeads instanceof RunServices run
                ? stage.thenApply(result -> result instanceof NodeResult.Failure failure && run.deferredUntil().isPresent()
                        ? deferred(failure, run.deferredUntil().get()) : result)
                : stage;
    }

    /** The failure that tells the run to wait until {@code until} and run the node again, attempt unspent. */
    static NodeResult.Failure deferred(NodeResult.Failure failure, Instant until) {
        return new NodeResult.Failure(failure.message(), true, DEFERRED, Map.of(DEFERRED_UNTIL, until.toString()));
    }

    /** When a {@link #deferred} failure may run again, or null for any other result. */
    static Instant deferredUntil(NodeResult.Failure failure) {
        if (!DEFERRED.equals(failure.code()) || !(failure.details().get(DEFERRED_UNTIL) instanceof String until)) {
            return null;
        }
        try {
            return Instant.parse(until);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private NodeResult failureOf(Throwable error, String pluginId, String type, WorkItemRow item) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof PluginThreads.CallAbandoned abandoned) {
            return abandoned.timedOut() ? NodeResult.retryableFailure(abandoned.getMessage())
                    : NodeResult.permanentFailure(abandoned.getMessage());
        }
        if (cause instanceof Templates.TemplateException || cause instanceof IllegalArgumentException) {
            return NodeResult.permanentFailure(String.valueOf(cause.getMessage()));
        }
        // the stack trace, once, for the plugin's author; the node run records a short line
        LOG.warn("Node '{}' of execution {} ({} of plugin '{}') failed with an exception", item.nodeId,
                item.executionId, type, pluginId, cause);
        return new NodeResult.Failure("the node failed: " + cause + " (plugin '" + pluginId + "', node '" + type
                + "'; the stack trace is in the kernel's log)", true, "node_exception", Map.of());
    }
}
