package io.leadflow.kernel.engine;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadflow.api.credential.Credential;
import io.leadflow.api.http.HttpClient;
import io.leadflow.api.node.KeyValueStore;
import io.leadflow.api.node.NodeConfig;
import io.leadflow.api.node.NodeLogger;
import io.leadflow.api.trigger.TriggerContext;
import io.leadflow.api.trigger.WebhookRoute;
import io.leadflow.api.trigger.WebhookTrigger;
import io.leadflow.kernel.credential.CredentialService;
import io.leadflow.kernel.plugin.NodeRegistry;
import io.leadflow.kernel.plugin.Slf4jNodeLogger;
import io.leadflow.kernel.realtime.EventBus;
import io.leadflow.kernel.store.Store;
import io.leadflow.kernel.workflow.WorkflowService;
import io.leadflow.kernel.workflow.WorkflowVersion;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which active workflow's webhook trigger owns each {@code /hooks/<path>} and method. Rebuilt
 * whenever a workflow is activated, deactivated or deleted, or a plugin changes, so routes follow
 * the live versions without a restart. Plugins never register HTTP resources themselves.
 */
public final class TriggerRoutes implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TriggerRoutes.class);
    /** {@code /hooks/channels/...} belongs to channel integrations (see {@code ChannelHookResource}). */
    private static final String RESERVED_PREFIX = "channels/";

    /** A webhook trigger node of an active workflow version. */
    public record Route(UUID workflowId, int version, String nodeId, String type, Map<String, Object> config,
                        UUID credentialId, boolean answersLater) {
    }

    private final WorkflowService workflows;
    private final NodeRegistry registry;
    private final CredentialService credentials;
    private final Store store;
    private final HttpClient http;
    private final ObjectMapper json;
    private final Executor io;
    private volatile Map<String, Route> routes = Map.of();
    private volatile java.util.List<ScheduledRoute> schedules = java.util.List.of();
    private volatile java.util.List<Route> eventRoutes = java.util.List.of();

    /**
     * A schedule trigger of an active workflow version, with its schedule.
     *
     * @param changedAt when the workflow last changed (activation included), so no earlier time fires
     */
    public record ScheduledRoute(Route route, io.leadflow.api.trigger.Schedule schedule, java.time.Instant changedAt) {
    }

    /** A polling trigger of an active workflow version. */
    public record PollingRoute(Route route, io.leadflow.api.trigger.PollingTrigger trigger) {
    }

    private volatile java.util.List<PollingRoute> polls = java.util.List.of();
    /** One context per route, built once: a webhook burst must not rebuild (and re-decrypt) it per request. */
    private final Map<Route, TriggerContext> contexts = new java.util.concurrent.ConcurrentHashMap<>();
    private final AutoCloseable workflowEvents;

    public TriggerRoutes(WorkflowService workflows, NodeRegistry registry, CredentialService credentials, Store store,
                         HttpClient http, EventBus events, ObjectMapper json, Executor io) {
        this.workflows = workflows;
        this.registry = registry;
        this.credentials = credentials;
        this.store = store;
        this.http = http;
        this.json = json;
        this.io = io;
        this.workflowEvents = events.subscribe(event -> {
            if (event.topic().equals(WorkflowService.TOPIC) || event.topic().equals("plugins")) {
                rebuild();
            }
        });
        rebuild();
    }

    /** The polling triggers of the active workflows. */
    public java.util.List<PollingRoute> polls() {
        return polls;
    }

    /** The schedule triggers of the active workflows. */
    public java.util.List<ScheduledRoute> schedules() {
        return schedules;
    }

    /** The event triggers of the active workflows (see {@link EventTriggerRouter}). */
    public java.util.List<Route> eventRoutes() {
        return eventRoutes;
    }

    /** The route for a request, if an active workflow listens there. */
    public Optional<Route> find(String method, String path) {
        return Optional.ofNullable(routes.get(key(method, path)));
    }

    public synchronized void rebuild() {
        Map<String, Route> next = new HashMap<>();
        java.util.List<ScheduledRoute> nextSchedules = new java.util.ArrayList<>();
        java.util.List<PollingRoute> nextPolls = new java.util.ArrayList<>();
        java.util.List<Route> nextEventRoutes = new java.util.ArrayList<>();
        for (WorkflowVersion version : workflows.activeVersions()) {
            boolean answersLater = answersLater(version.document());
            for (JsonNode node : version.document().get("nodes")) {
                if (node.path("disabled").asBoolean(false)) {
                    continue;
                }
                String type = node.get("type").asText();
                var registered = registry.node(type);
                if (registered.isEmpty()) {
                    continue;
                }
                Map<String, Object> config = node.has("config")
                        ? json.convertValue(node.get("config"), new TypeReference<Map<String, Object>>() { }) : Map.of();
                UUID credentialId = node.hasNonNull("credential") ? UUID.fromString(node.get("credential").asText()) : null;
                Route route = new Route(version.workflow().id(), version.version(), node.get("id").asText(), type,
                        config, credentialId, answersLater);
                if (registered.get().node() instanceof io.leadflow.api.trigger.ScheduleTrigger scheduled) {
                    try {
                        nextSchedules.add(new ScheduledRoute(route, scheduled.schedule(context(route)),
                                version.workflow().updatedAt()));
                    } catch (RuntimeException e) {
                        LOG.warn("Schedule {} of workflow {} is invalid: {}", type, route.workflowId(), e.getMessage());
                    }
                    continue;
                }
                if (registered.get().node() instanceof io.leadflow.api.trigger.PollingTrigger polling) {
                    nextPolls.add(new PollingRoute(route, polling));
                    continue;
                }
                if (registered.get().node() instanceof io.leadflow.api.trigger.EventTrigger) {
                    nextEventRoutes.add(route);
                    continue;
                }
                if (!(registered.get().node() instanceof WebhookTrigger trigger)) {
                    continue;
                }
                try {
                    WebhookRoute claimed = trigger.route(context(route));
                    if (claimed.path().startsWith(RESERVED_PREFIX)) {
                        LOG.warn("Webhook path {} of workflow {} is reserved for channel webhooks; not routed",
                                claimed.path(), route.workflowId());
                        continue;
                    }
                    for (String method : claimed.methods()) {
                        Route previous = next.putIfAbsent(key(method, claimed.path()), route);
                        if (previous != null) {
                            LOG.warn("Webhook {} {} is claimed by workflows {} and {}; the first keeps it", method,
                                    claimed.path(), previous.workflowId(), route.workflowId());
                        }
                    }
                } catch (RuntimeException e) {
                    LOG.warn("Trigger {} of workflow {} has no route: {}", type, route.workflowId(), e.getMessage());
                }
            }
        }
        routes = Map.copyOf(next);
        contexts.clear();
        schedules = java.util.List.copyOf(nextSchedules);
        polls = java.util.List.copyOf(nextPolls);
        eventRoutes = java.util.List.copyOf(nextEventRoutes);
    }

    /** Whether a node of the workflow answers the webhook itself (it has a "response" output). */
    private boolean answersLater(JsonNode document) {
        for (JsonNode node : document.get("nodes")) {
            var registered = registry.node(node.get("type").asText());
            if (registered.isPresent() && registered.get().descriptor().outputs().stream()
                    .anyMatch(port -> port.name().equals(Engine.RESPONSE_PORT))) {
                return true;
            }
        }
        return false;
    }

    /** The context a trigger of this route is given, shared by all its requests until the routes change. */
    public TriggerContext context(Route route) {
        return contexts.computeIfAbsent(route, this::newContext);
    }

    private TriggerContext newContext(Route route) {
        java.util.function.Supplier<Optional<Credential>> credential = route.credentialId() == null ? Optional::empty
                : new RecentCredential(route.credentialId());
        NodeConfig config = NodeConfig.of(route.config());
        String pluginId = route.type().substring(0, route.type().indexOf('.'));
        KeyValueStore state = new PluginStateStore(store, pluginId, json, io);
        NodeLogger logger = new Slf4jNodeLogger("trigger." + route.type());
        return new TriggerContext() {
            @Override
            public String workflowId() {
                return route.workflowId().toString();
            }

            @Override
            public String nodeId() {
                return route.nodeId();
            }

            @Override
            public NodeConfig config() {
                return config;
            }

            @Override
            public Optional<Credential> credential() {
                return credential.get();
            }

            @Override
            public NodeLogger logger() {
                return logger;
            }

            @Override
            public HttpClient http() {
                return http;
            }

            @Override
            public KeyValueStore state() {
                return state;
            }
        };
    }

    /**
     * A route's decrypted credential, read again after {@link #FRESH_FOR}: a credential deleted on
     * any kernel stops being used within that time, without a database read per request.
     */
    private final class RecentCredential implements java.util.function.Supplier<Optional<Credential>> {
        private static final java.time.Duration FRESH_FOR = java.time.Duration.ofSeconds(10);
        private final UUID id;
        private volatile Optional<Credential> value;
        private volatile long readAt;

        RecentCredential(UUID id) {
            this.id = id;
        }

        @Override
        public Optional<Credential> get() {
            Optional<Credential> current = value;
            if (current == null || System.nanoTime() - readAt > FRESH_FOR.toNanos()) {
                current = credentials.decrypted(id);
                value = current;
                readAt = System.nanoTime();
            }
            return current;
        }
    }

    private static String key(String method, String path) {
        String normalized = path.startsWith("/") ? path.substring(1) : path;
        return method.toUpperCase(java.util.Locale.ROOT) + " " + normalized;
    }

    @Override
    public void close() {
        try {
            workflowEvents.close();
        } catch (Exception e) {
            LOG.debug("Unsubscribing trigger routes failed", e);
        }
    }
}
