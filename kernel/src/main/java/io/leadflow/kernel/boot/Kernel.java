package io.leadflow.kernel.boot;

import io.leadflow.api.node.HostCapability;
import io.leadflow.kernel.plugin.HostCapabilities;
import io.leadflow.kernel.sandbox.CodeSandboxPool;
import io.leadflow.kernel.sandbox.SandboxSettings;
import io.leadflow.kernel.audit.Actor;
import io.leadflow.kernel.audit.AuditEntry;
import io.leadflow.kernel.audit.AuditLog;
import io.leadflow.kernel.audit.AuditResource;
import io.leadflow.kernel.auth.AdminBootstrap;
import io.leadflow.kernel.auth.AuthenticationFilter;
import io.leadflow.kernel.auth.LoginResource;
import io.leadflow.kernel.auth.PasswordHasher;
import io.leadflow.kernel.auth.TokenResource;
import io.leadflow.kernel.auth.TokenService;
import io.leadflow.kernel.auth.UserResource;
import io.leadflow.kernel.auth.UserService;
import io.leadflow.kernel.health.HealthResource;
import io.leadflow.kernel.lead.LeadResource;
import io.leadflow.kernel.lead.ExecutionLeadAccess;
import io.leadflow.kernel.lead.LeadKeyResource;
import io.leadflow.kernel.lead.LeadReencryption;
import io.leadflow.kernel.lead.LeadService;
import io.leadflow.kernel.http.BrowserSecurityHeaders;
import io.leadflow.kernel.http.ClientAddressFilter;
import io.leadflow.kernel.http.CorsPolicy;
import io.leadflow.kernel.http.Json;
import io.leadflow.kernel.http.JsonProvider;
import io.leadflow.kernel.http.OpenApiResource;
import io.leadflow.kernel.http.ProblemExceptionMapper;
import io.leadflow.kernel.http.RateLimiter;
import io.leadflow.kernel.http.RequestBodyLimitFilter;
import io.leadflow.kernel.http.WebServer;
import io.leadflow.kernel.credential.CredentialResource;
import io.leadflow.kernel.credential.CredentialService;
import io.leadflow.kernel.crypto.BlindIndex;
import io.leadflow.kernel.crypto.KeyCheck;
import io.leadflow.kernel.crypto.Keyring;
import io.leadflow.kernel.crypto.MasterKey;
import io.leadflow.kernel.crypto.MasterKeyRotation;
import io.leadflow.kernel.crypto.SecretBox;
import io.leadflow.kernel.plugin.GuardedHttpClient;
import io.leadflow.kernel.circuit.CircuitRegistry;
import io.leadflow.kernel.circuit.CircuitResource;
import io.leadflow.kernel.dashboard.DashboardResource;
import io.leadflow.kernel.expression.ExpressionResource;
import io.leadflow.kernel.dashboard.DashboardService;
import io.leadflow.kernel.engine.Engine;
import io.leadflow.kernel.engine.KernelIdentity;
import io.leadflow.kernel.engine.EventTriggerRouter;
import io.leadflow.kernel.event.KernelEvents;
import io.leadflow.kernel.message.ChannelHookResource;
import io.leadflow.kernel.message.MessageResource;
import io.leadflow.kernel.message.MessageService;
import io.leadflow.kernel.message.QuietHoursResource;
import io.leadflow.kernel.message.QuietHoursSettings;
import io.leadflow.kernel.message.RunServices;
import io.leadflow.kernel.engine.WebhookHandler;
import io.leadflow.kernel.engine.Scheduler;
import io.leadflow.kernel.engine.TriggerRoutes;
import io.leadflow.kernel.execution.ExecutionResource;
import io.leadflow.kernel.execution.WorkflowRunResource;
import io.leadflow.kernel.workflow.WorkflowResource;
import io.leadflow.kernel.workflow.WorkflowSchemaResource;
import io.leadflow.kernel.workflow.ActiveWorkflowGuard;
import io.leadflow.kernel.workflow.WorkflowService;
import io.leadflow.kernel.workflow.WorkflowValidator;
import io.leadflow.kernel.plugin.BundledPlugins;
import io.leadflow.kernel.plugin.NodeResource;
import io.leadflow.kernel.plugin.PluginFolderWatcher;
import io.leadflow.kernel.plugin.PluginResource;
import io.leadflow.kernel.plugin.PluginService;
import io.leadflow.kernel.marketplace.Marketplace;
import io.leadflow.kernel.marketplace.MarketplaceResource;
import io.leadflow.kernel.marketplace.MarketplaceService;
import io.leadflow.kernel.event.KernelEvents;
import io.leadflow.kernel.execution.ExecutionRetention;
import io.leadflow.kernel.realtime.EventBus;
import io.leadflow.kernel.realtime.LiveRelay;
import io.leadflow.kernel.realtime.RealtimeHub;
import io.leadflow.kernel.realtime.WebSocketServer;
import io.leadflow.kernel.store.Database;
import io.leadflow.kernel.store.PgNotifications;
import io.leadflow.kernel.store.Store;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.media.multipart.MultiPartFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The running kernel: wires the features together and owns what must be stopped, in order — the
 * HTTP listener first (finishing in-flight requests), then live clients, then the database.
 */
public final class Kernel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Kernel.class);

    private final Database database;
    private final PluginService plugins;
    private final PluginFolderWatcher watcher;
    private final Engine engine;
    private final Scheduler scheduler;
    private final LeadReencryption reencryption;
    private final RealtimeHub hub;
    private final EventBus events;
    private final KernelEvents kernelEvents;
    private final LiveRelay relay;
    private final PgNotifications notifications;
    private final ExecutionRetention retention;
    private final KernelIdentity identity;
    private final EventTriggerRouter eventTriggers;
    private final WebServer web;
    private final String host;
    private final CodeSandboxPool sandbox;

    private Kernel(Database database, PluginService plugins, PluginFolderWatcher watcher, Engine engine,
                   Scheduler scheduler, LeadReencryption reencryption, RealtimeHub hub, EventBus events,
                   KernelEvents kernelEvents, EventTriggerRouter eventTriggers, LiveRelay relay,
                   PgNotifications notifications, ExecutionRetention retention, KernelIdentity identity, WebServer web,
                   String host, CodeSandboxPool sandbox) {
        this.sandbox = sandbox;
        this.database = database;
        this.eventTriggers = eventTriggers;
        this.plugins = plugins;
        this.watcher = watcher;
        this.engine = engine;
        this.scheduler = scheduler;
        this.reencryption = reencryption;
        this.hub = hub;
        this.events = events;
        this.kernelEvents = kernelEvents;
        this.relay = relay;
        this.notifications = notifications;
        this.retention = retention;
        this.identity = identity;
        this.web = web;
        this.host = host;
    }

    public static Kernel start(LeadFlowConfig config) throws IOException {
        routeJavaUtilLoggingToSlf4j();
        Instant startedAt = Instant.now();
        Database database = Database.open(config);
        PluginService closeOnFailure = null;
        PluginFolderWatcher watcherOnFailure = null;
        Engine engineOnFailure = null;
        Scheduler schedulerOnFailure = null;
        PgNotifications notificationsOnFailure = null;
        ExecutionRetention retentionOnFailure = null;
        KernelIdentity identityOnFailure = null;
        KernelEvents kernelEvents = new KernelEvents();
        EventTriggerRouter eventTriggersOnFailure = null;
        LeadReencryption reencryptionOnFailure = null;
        CodeSandboxPool sandboxOnFailure = null;
        try {
            Store store = new Store(database.dataSource());
            AuditLog audit = new AuditLog(store, Json.mapper());
            UserService users = new UserService(store, audit, new PasswordHasher());
            TokenService tokens = new TokenService(store, audit);
            AdminBootstrap.ensureAdmin(users, config.adminPassword());

            MasterKey masterKey = MasterKey.load(config.masterKey(), config.dataDir());
            config.previousMasterKey().ifPresent(previous -> rotateMasterKey(store, audit,
                    MasterKey.parse(previous, "LEADFLOW_PREVIOUS_MASTER_KEY"), masterKey));
            KeyCheck.verify(store, masterKey);
            SecretBox secrets = new SecretBox(masterKey);
            EventBus events = new EventBus();
            PluginService plugins = new PluginService(config.dataDir().resolve("plugins"), store, audit, events,
                    Version.current());
            closeOnFailure = plugins;
            BundledPlugins.copyOnFirstStart(config.bundledPluginsDir(), config.dataDir().resolve("plugins"), store);
            plugins.startInstalled();
            PluginFolderWatcher watcher = PluginFolderWatcher.start(plugins, config.pluginScanInterval());
            MarketplaceService marketplace = Marketplace.service(config, Version.current(), store, plugins, audit,
                    config.dataDir().resolve("plugins").resolve(".incoming"));
            watcherOnFailure = watcher;
            GuardedHttpClient pluginHttp = new GuardedHttpClient(config.allowPrivateNetworks(),
                    java.util.concurrent.ForkJoinPool.commonPool());
            CredentialService credentials = new CredentialService(store, secrets, plugins.registry(), audit,
                    pluginHttp, Json.mapper());
            BlindIndex blindIndex = BlindIndex.open(store, masterKey);
            Keyring keyring = Keyring.open(store, masterKey);
            // erasure stops a lead's executions; the engine is built after the lead store it serves
            java.util.concurrent.atomic.AtomicReference<Engine> engineRef = new java.util.concurrent.atomic.AtomicReference<>();
            LeadService leads = new LeadService(store, keyring, blindIndex, audit, events, kernelEvents, Json.mapper(),
                    config.phoneRegion(), executionId -> engineRef.get().cancel(executionId));
            LeadReencryption reencryption = new LeadReencryption(store, keyring, audit, events,
                    config.reencryptionBatchSize(), config.reencryptionPause());
            reencryptionOnFailure = reencryption;
            WorkflowValidator validator = new WorkflowValidator(plugins.registry(), Json.mapper());
            WorkflowService workflows = new WorkflowService(store, validator, audit, events, Json.mapper());
            plugins.guardWith(new ActiveWorkflowGuard(workflows, validator, plugins.registry(), Json.mapper()));
            CircuitRegistry circuits = new CircuitRegistry(events, 5, 10, config.circuitOpenDuration(), 2);
            QuietHoursSettings quietHours = new QuietHoursSettings(store, audit);
            MessageService messages = new MessageService(store, keyring, blindIndex, leads, plugins.registry(),
                    credentials, pluginHttp, circuits, audit, kernelEvents, events,
                    java.util.concurrent.ForkJoinPool.commonPool(), quietHours);
            leads.exportMessagesFrom(leadId -> messages.ofLead(leadId, 10_000));
            leads.indexPendingWords();
            PgNotifications notifications = new PgNotifications(database.dataSource());
            notificationsOnFailure = notifications;
            KernelIdentity identity = KernelIdentity.acquire(config.dataDir());
            identityOnFailure = identity;
            // user code runs in confined worker processes; where they cannot be set up, Code nodes are unavailable
            CodeSandboxPool sandbox = CodeSandboxPool.start(SandboxSettings.from(config));
            sandboxOnFailure = sandbox;
            HostCapabilities hostCapabilities = sandbox.unavailableReason()
                    .map(reason -> HostCapabilities.all().without(HostCapability.CODE_SANDBOX, reason))
                    .orElse(HostCapabilities.all());
            Engine engine = new Engine(identity.id(), store, database.dataSource(), notifications, workflows,
                    plugins.registry(), credentials, events, pluginHttp, circuits,
                    (executionId, workflowId, executor) -> new RunServices(new ExecutionLeadAccess(leads, Json.mapper(),
                            executionId, workflowId, executor), messages, executionId, workflowId, executor), Json.mapper(),
                    config.engineWorkers(), config.maxNodeOutputBytes(), config.nodeTimeout(), config.pluginBulkhead(),
                    config.pluginThreads(), database.monitor()::up, sandbox, hostCapabilities);
            engineOnFailure = engine;
            kernelEvents.subscribe(engine::deliver);
            engineRef.set(engine);
            TriggerRoutes routes = new TriggerRoutes(workflows, plugins.registry(), credentials, store, pluginHttp,
                    events, Json.mapper(), java.util.concurrent.ForkJoinPool.commonPool());
            Scheduler scheduler = new Scheduler(routes, plugins.registry(), engine, store);
            ExecutionRetention retention = new ExecutionRetention(store, config.executionRetentionDays(),
                    config.executionRetentionCount(), java.time.Duration.ofMinutes(5));
            retentionOnFailure = retention;
            schedulerOnFailure = scheduler;
            EventTriggerRouter eventTriggers = new EventTriggerRouter(kernelEvents, routes, plugins.registry(), engine);
            eventTriggersOnFailure = eventTriggers;
            RealtimeHub hub = new RealtimeHub(events, Json.mapper(), config.webSocketSendQueueLimit(),
                    config.liveFanoutThreads());
            LiveRelay relay = new LiveRelay(events, notifications, Json.mapper(), engine.kernelId(), engine::othersAlive);
            RateLimiter perIp = new RateLimiter(config.rateLimitPerIpPerMinute());
            RateLimiter perToken = new RateLimiter(config.rateLimitPerTokenPerMinute());
            RateLimiter loginAttempts = new RateLimiter(config.loginAttemptsPerIpPerMinute());

            List<Object> resources = List.of(
                    new HealthResource(database, startedAt, engine::stuckPlugins),
                    new LoginResource(users, tokens, audit, loginAttempts, config.sessionTimeToLive()),
                    new TokenResource(tokens),
                    new UserResource(users),
                    new AuditResource(audit),
                    new PluginResource(plugins),
                    new MarketplaceResource(marketplace),
                    new NodeResource(plugins.registry(), hostCapabilities),
                    new CredentialResource(credentials),
                    new LeadResource(leads, audit),
                    new LeadKeyResource(keyring, reencryption),
                    new WorkflowResource(workflows),
                    new WorkflowSchemaResource(),
                    new WorkflowRunResource(engine, workflows, audit, Json.mapper()),
                    new ExpressionResource(Json.mapper()),
                    new ExecutionResource(store, engine, Json.mapper()),
                    new ChannelHookResource(messages, config.maxWebhooksInFlight()),
                    new MessageResource(messages, audit),
                    new QuietHoursResource(quietHours),
                    new CircuitResource(circuits),
                    new DashboardResource(new DashboardService(store, circuits)));
            Set<Class<?>> resourceClasses = new LinkedHashSet<>();
            resources.forEach(resource -> resourceClasses.add(resource.getClass()));

            ResourceConfig api = new ResourceConfig()
                    .property(ServerProperties.WADL_FEATURE_DISABLE, true)
                    .property(ServerProperties.BV_FEATURE_DISABLE, true)
                    .property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true)
                    .register(JacksonFeature.withoutExceptionMappers())
                    .register(MultiPartFeature.class)
                    .register(JsonProvider.class)
                    .register(ProblemExceptionMapper.class)
                    .register(new ClientAddressFilter(config.trustProxy(), perIp))
                    .register(new RequestBodyLimitFilter(config.maxRequestBodyBytes(),
                            java.util.Map.of("api/v1/leads/import", config.maxImportBodyBytes())))
                    .register(new AuthenticationFilter(tokens, perToken, resourceClasses))
                    .register(RolesAllowedDynamicFeature.class)
                    .register(OpenApiResource.of(resourceClasses,
                            java.util.Map.of("/hooks/{path}", WebhookHandler.openApi())));
            resources.forEach(api::register);

            WebhookHandler hooks = new WebhookHandler(routes, plugins.registry(), engine, perIp, config.trustProxy(),
                    config.maxRequestBodyBytes(), config.maxWebhooksInFlight());
            WebServer web = WebServer.start(config.host(), config.port(), api, hooks, config.shutdownGrace(),
                    config.httpWorkers(), new BrowserSecurityHeaders(config.trustProxy()),
                    new CorsPolicy(config.corsOrigins()),
                    listener -> WebSocketServer.attach(listener, hub, Json.mapper(), tokens, perIp,
                            config.trustProxy()));
            Kernel kernel = new Kernel(database, plugins, watcher, engine, scheduler, reencryption, hub, events,
                    kernelEvents, eventTriggers, relay, notifications, retention, identity, web, config.host(), sandbox);
            reencryption.resume();
            LOG.info("LeadFlow {} listening on {}", Version.current(), kernel.baseUri());
            return kernel;
        } catch (RuntimeException | IOException e) {
            if (reencryptionOnFailure != null) {
                reencryptionOnFailure.close();
            }
            if (eventTriggersOnFailure != null) {
                eventTriggersOnFailure.close();
            }
            kernelEvents.close();
            if (schedulerOnFailure != null) {
                schedulerOnFailure.close();
            }
            if (engineOnFailure != null) {
                engineOnFailure.close();
            }
            if (sandboxOnFailure != null) {
                sandboxOnFailure.close();
            }
            if (retentionOnFailure != null) {
                retentionOnFailure.close();
            }
            if (identityOnFailure != null) {
                identityOnFailure.close();
            }
            if (notificationsOnFailure != null) {
                notificationsOnFailure.close();
            }
            if (watcherOnFailure != null) {
                watcherOnFailure.close();
            }
            if (closeOnFailure != null) {
                closeOnFailure.close();
            }
            database.close();
            throw e;
        }
    }

    /** The one start with {@code LEADFLOW_PREVIOUS_MASTER_KEY} set: every secret moves to the new master key. */
    private static void rotateMasterKey(Store store, AuditLog audit, MasterKey previous, MasterKey current) {
        MasterKeyRotation.Outcome outcome = MasterKeyRotation.rotate(store, previous, current,
                java.util.List.of(CredentialService.resealer(store)));
        if (!outcome.rotated()) {
            LOG.info("LEADFLOW_PREVIOUS_MASTER_KEY is set, but the database already uses master key {}: "
                    + "nothing to move; unset it", current.id());
            return;
        }
        LOG.info("Master key rotated from {} to {}: {} data keys and the search-token key re-wrapped, {} credentials "
                + "re-sealed; unset LEADFLOW_PREVIOUS_MASTER_KEY", previous.id(), current.id(), outcome.dataKeys(),
                outcome.resealed());
        audit.record(AuditEntry.of(Actor.system(), "keys.master-rotated", AuditEntry.SUCCESS, "master-key",
                current.id(), java.util.Map.of("previousKeyId", previous.id(), "dataKeys", outcome.dataKeys(),
                        "credentials", outcome.resealed())));
    }

    /** Jersey, Grizzly, Tyrus and Liquibase log through java.util.logging; send it to one place. */
    private static synchronized void routeJavaUtilLoggingToSlf4j() {
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
    }

    public int port() {
        return web.port();
    }

    /** Where a browser on this machine reaches the kernel. */
    public URI baseUri() {
        String shown = "0.0.0.0".equals(host) || "::".equals(host) ? "localhost" : host;
        return URI.create("http://" + shown + ":" + port() + "/");
    }

    public EventBus events() {
        return events;
    }

    /** Domain events (lead created, message received, ...) that triggers and waiting executions hear. */
    public KernelEvents kernelEvents() {
        return kernelEvents;
    }

    /** Deletes finished executions past their retention (it also runs every five minutes by itself). */
    public ExecutionRetention retention() {
        return retention;
    }

    public PluginService plugins() {
        return plugins;
    }

    @Override
    public void close() {
        LOG.info("LeadFlow stopping");
        // live clients first, while their connections are still open: they get 1001 "going away"
        hub.close();
        relay.close();
        web.close();
        // queued events still reach their triggers (briefly) while the engine can start executions
        kernelEvents.close();
        eventTriggers.close();
        scheduler.close();
        retention.close();
        reencryption.close();
        engine.close();
        sandbox.close();
        notifications.close();
        watcher.close();
        plugins.close();
        identity.close();
        database.close();
        LOG.info("LeadFlow stopped");
    }
}
