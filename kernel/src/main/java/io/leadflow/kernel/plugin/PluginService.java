package io.leadflow.kernel.plugin;

import io.leadflow.api.channel.Channel;
import io.leadflow.api.channel.ChannelDescriptor;
import io.leadflow.api.credential.CredentialDescriptor;
import io.leadflow.api.credential.CredentialType;
import io.leadflow.api.node.Node;
import io.leadflow.api.node.NodeDescriptor;
import io.leadflow.kernel.audit.Actor;
import io.leadflow.kernel.audit.AuditEntry;
import io.leadflow.kernel.audit.AuditLog;
import io.leadflow.kernel.http.ProblemException;
import io.leadflow.kernel.realtime.EventBus;
import io.leadflow.kernel.store.Store;
import io.leadflow.plugincheck.ApiPackages;
import io.leadflow.plugincheck.PluginArchive;
import io.leadflow.plugincheck.PluginArchiveInspector;
import io.leadflow.plugincheck.PluginCheckException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.pf4j.PluginRuntimeException;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs, upgrades, starts, stops and uninstalls plugins while the kernel runs. A jar is
 * inspected before PF4J loads anything of it; then its plugin must start and every extension must
 * construct and describe itself within a time limit, or the install is refused and nothing of it
 * stays. Which plugins are installed and enabled is kept in the database; every change is audited
 * and published on the {@code plugins} topic.
 */
public final class PluginService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PluginService.class);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
    /** How long an upgrade waits for the old version's node runs in flight. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);
    public static final String TOPIC = "plugins";

    private final Path directory;
    private final Path incoming;
    private final Path previousFolder;
    private final Store store;
    private final AuditLog audit;
    private final EventBus events;
    private final KernelPluginManager manager;
    private final PluginArchiveInspector inspector;
    private final NodeRegistry registry = new NodeRegistry();
    private final PluginCalls calls = new PluginCalls();
    private volatile WorkflowGuard guard = WorkflowGuard.NONE;

    public PluginService(Path directory, Store store, AuditLog audit, EventBus events, String kernelVersion) {
        this.directory = directory;
        this.incoming = directory.resolve(".incoming");
        this.previousFolder = directory.resolve(".previous");
        this.store = store.register(PluginMapper.class);
        this.audit = audit;
        this.events = events;
        try {
            Files.createDirectories(incoming);
            Files.createDirectories(previousFolder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + incoming, e);
        }
        ApiPackages api = ApiPackages.ofRunningKernel();
        String releaseVersion = kernelVersion.replaceFirst("-.*$", "");
        this.manager = new KernelPluginManager(directory, releaseVersion, api.apiVersion());
        this.inspector = new PluginArchiveInspector(api, manager.getVersionManager(), releaseVersion);
    }

    /** Protects the active workflows: from now on, stop, uninstall and upgrade ask this first. */
    public void guardWith(WorkflowGuard guard) {
        this.guard = guard;
    }

    public NodeRegistry registry() {
        return registry;
    }

    /** Loads every jar in the plugins folder; starts the enabled ones. A broken jar is logged, not fatal. */
    public synchronized void startInstalled() {
        Map<String, PluginRow> rows = new LinkedHashMap<>();
        store.inTransaction(PluginMapper.class, PluginMapper::findAll).forEach(row -> rows.put(row.id, row));
        for (Path jar : jars()) {
            try {
                PluginArchive archive = inspect(jar);
                PluginRow row = rows.get(archive.id());
                boolean enabled = row == null || row.enabled;
                activate(archive, enabled);
                record(archive, enabled);
                LOG.info("Plugin {} {} {}", archive.id(), archive.version(), enabled ? "started" : "loaded (stopped)");
            } catch (ProblemException e) {
                LOG.error("Plugin jar {} refused: {}", jar.getFileName(), e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("Plugin jar {} failed to load", jar.getFileName(), e);
            }
        }
    }

    /**
     * Picks up jars an admin dropped into the plugins folder: a new id is installed, a known id
     * upgraded. A jar is taken once its size has stopped changing; a refused one is renamed to
     * {@code .refused} so it is not tried again.
     */
    public synchronized void scanDropIns(Map<Path, Long> sizesSeen) {
        Set<Path> known = new java.util.HashSet<>();
        manager.getPlugins().forEach(wrapper -> known.add(wrapper.getPluginPath().toAbsolutePath().normalize()));
        for (Path jar : jars()) {
            Path normal = jar.toAbsolutePath().normalize();
            if (known.contains(normal)) {
                continue;
            }
            long size;
            try {
                size = Files.size(jar);
            } catch (IOException e) {
                continue;
            }
            Long previous = sizesSeen.put(normal, size);
            if (previous == null || previous != size) {
                continue; // still being written, or first seen: look again next time
            }
            sizesSeen.remove(normal);
            try (InputStream in = Files.newInputStream(jar)) {
                String id = inspect(jar).id();
                if (manager.getPlugin(id) != null) {
                    upgrade(Actor.system(), id, in);
                } else {
                    install(Actor.system(), in);
                }
                deleteQuietly(jar);
                LOG.info("Plugin jar {} dropped into the folder: {} installed", jar.getFileName(), id);
            } catch (IOException | RuntimeException e) {
                LOG.error("Plugin jar {} dropped into the folder was refused: {}", jar.getFileName(), e.getMessage());
                try {
                    Files.move(jar, jar.resolveSibling(jar.getFileName() + ".refused"), StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException moveFailed) {
                    LOG.warn("Could not set {} aside: {}", jar, moveFailed.getMessage());
                }
            }
        }
    }

    /** Installs a new plugin from its jar's bytes. */
    public synchronized InstalledPlugin install(Actor actor, InputStream jarBytes) {
        Path upload = receive(jarBytes);
        try {
            PluginArchive archive = inspect(upload);
            if (manager.getPlugin(archive.id()) != null) {
                throw PluginRefusedException.of("duplicate-id", "a plugin with id '" + archive.id()
                        + "' is already installed; upgrade it with PUT /api/v1/plugins/" + archive.id());
            }
            PluginArchive placed = place(archive);
            try {
                activate(placed, true);
            } catch (RuntimeException e) {
                deleteQuietly(placed.file());
                throw e;
            }
            record(placed, true);
            audit.record(AuditEntry.of(actor, "plugin.installed", AuditEntry.SUCCESS, "plugin", placed.id(),
                    Map.of("version", placed.version(), "sha256", placed.sha256())));
            InstalledPlugin installed = describe(placed.id());
            events.publish(TOPIC, "plugin.installed", installed);
            return installed;
        } finally {
            deleteQuietly(upload);
        }
    }

    /**
     * Replaces an installed plugin by a new jar of the same id. If the new version fails its
     * checks or its start, the previous version is started again.
     */
    public synchronized InstalledPlugin upgrade(Actor actor, String id, InputStream jarBytes) {
        return upgrade(actor, id, jarBytes, false);
    }

    /**
     * The same; unless {@code force}, an upgrade (or downgrade) that would break an active
     * workflow is refused (409 {@code plugin-incompatible}) and the previous version runs again.
     * Workflows whose node configurations the new version migrates get a new active version. The
     * replaced jar is kept, so {@link #rollback} can return to it in one step.
     */
    public synchronized InstalledPlugin upgrade(Actor actor, String id, InputStream jarBytes, boolean force) {
        requireInstalled(id);
        Path upload = receive(jarBytes);
        try {
            return replace(actor, id, upload, force, "plugin.upgraded");
        } finally {
            deleteQuietly(upload);
        }
    }

    /**
     * Returns a plugin to the version it ran before its last upgrade, without a restart: node runs
     * in flight finish on the current version, then the previous jar starts and the current one is
     * kept as the new previous version (a second rollback goes forward again). 409
     * {@code no-previous-version} if the plugin was never upgraded here.
     */
    public synchronized InstalledPlugin rollback(Actor actor, String id, boolean force) {
        requireInstalled(id);
        Path previous = previousJar(id).orElseThrow(() -> new ProblemException(409, "no-previous-version",
                "No previous version", "plugin '" + id + "' has no previous version to roll back to: "
                        + "it was installed but never upgraded on this kernel").with("plugin", id));
        Path taken = incoming.resolve(UUID.randomUUID() + ".rollback.jar");
        move(previous, taken);
        try {
            return replace(actor, id, taken, force, "plugin.rolled-back");
        } catch (RuntimeException e) {
            if (Files.exists(taken)) {
                move(taken, previous); // refused: the previous version stays available
            }
            throw e;
        } finally {
            deleteQuietly(taken);
        }
    }

    /**
     * Swaps an installed plugin for the checked jar at {@code upload}: new runs of its node types
     * wait, runs in flight finish on the current version, then the new version starts. If it fails
     * to start, or breaks active workflows (unless forced), the current version starts again.
     */
    private InstalledPlugin replace(Actor actor, String id, Path upload, boolean force, String action) {
        PluginWrapper current = requireInstalled(id);
        Map<String, Integer> previousVersions = nodeVersionsOf(id);
        PluginArchive archive = inspect(upload);
        if (!archive.id().equals(id)) {
            throw PluginRefusedException.of("id-mismatch", "the jar is plugin '" + archive.id()
                    + "', not '" + id + "'");
        }
        String previousVersion = current.getDescriptor().getVersion();
        Path previousFile = current.getPluginPath();
        Path backup = incoming.resolve(UUID.randomUUID() + ".previous.jar");
        registry.beginSwap(id);
        try {
            if (!registry.drain(id, DRAIN_TIMEOUT)) {
                LOG.warn("Plugin {} {}: node runs still in flight after {} s; replacing it anyway (they keep "
                        + "the old classes until they end)", id, previousVersion, DRAIN_TIMEOUT.toSeconds());
            }
            deactivate(id);
            move(previousFile, backup);
            PluginArchive placed = place(archive);
            WorkflowGuard.UpgradePlan plan;
            try {
                activate(placed, true);
                Set<String> types = new java.util.HashSet<>(previousVersions.keySet());
                types.addAll(nodeVersionsOf(id).keySet());
                plan = guard.planUpgrade(types, previousVersions);
                if (!plan.violations().isEmpty() && !force) {
                    throw incompatible(id, placed.version(), plan.violations());
                }
            } catch (RuntimeException e) {
                if (manager.getPlugin(id) != null) {
                    deactivate(id); // the new version started, but the active workflows refused it
                }
                deleteQuietly(placed.file());
                move(backup, previousFile);
                try {
                    activate(inspect(previousFile), true);
                } catch (RuntimeException restore) {
                    LOG.error("Could not restart plugin {} {} after a failed upgrade", id, previousVersion, restore);
                }
                audit.record(AuditEntry.of(actor, action, AuditEntry.FAILURE, "plugin", id,
                        Map.of("from", previousVersion, "to", archive.version(), "reason", String.valueOf(e.getMessage()),
                                "restored", previousVersion)));
                throw e;
            }
            keepAsPrevious(id, previousVersion, backup);
            record(placed, true);
            guard.apply(actor, plan);
            Map<String, Object> detail = new java.util.LinkedHashMap<>();
            detail.put("from", previousVersion);
            detail.put("to", placed.version());
            detail.put("sha256", placed.sha256());
            if (!plan.migrations().isEmpty()) {
                detail.put("migratedWorkflows", plan.migrations().stream().map(m -> m.workflowId().toString()).toList());
            }
            if (!plan.violations().isEmpty()) {
                detail.put("forced", true);
                detail.put("violations", plan.violations().size());
            }
            audit.record(AuditEntry.of(actor, action, AuditEntry.SUCCESS, "plugin", id, detail));
            InstalledPlugin installed = describe(id);
            events.publish(TOPIC, action, installed);
            return installed;
        } finally {
            registry.endSwap(id);
        }
    }

    /** Keeps the replaced jar as {@code .previous/<id>-<version>.jar}, the one a rollback returns to. */
    private void keepAsPrevious(String id, String version, Path jar) {
        previousJar(id).ifPresent(PluginService::deleteQuietly);
        move(jar, previousFolder.resolve(id + "-" + version + ".jar"));
    }

    /** The kept jar of a plugin's previous version, if it has one. */
    private Optional<Path> previousJar(String id) {
        try (Stream<Path> files = Files.list(previousFolder)) {
            return files.filter(path -> {
                String name = path.getFileName().toString();
                return name.startsWith(id + "-") && name.endsWith(".jar")
                        && Character.isDigit(name.charAt(id.length() + 1));
            }).findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + previousFolder, e);
        }
    }

    /** The version of the kept previous jar, read from its name. */
    private Optional<String> previousVersion(String id) {
        return previousJar(id).map(path -> {
            String name = path.getFileName().toString();
            return name.substring(id.length() + 1, name.length() - ".jar".length());
        });
    }

    /** Stops, unloads and deletes a plugin that no active workflow uses. */
    public synchronized void uninstall(Actor actor, String id) {
        uninstall(actor, id, false);
    }

    /** Stops, unloads and deletes a plugin; unless {@code force}, refused (409) while active workflows use it. */
    public synchronized void uninstall(Actor actor, String id, boolean force) {
        PluginWrapper wrapper = requireInstalled(id);
        List<WorkflowGuard.WorkflowUse> users = requireUnused(id, force, "uninstalled");
        String version = wrapper.getDescriptor().getVersion();
        Path file = wrapper.getPluginPath();
        deactivate(id);
        registry.stopped(id);
        deleteQuietly(file);
        previousJar(id).ifPresent(PluginService::deleteQuietly);
        store.inTransaction(PluginMapper.class, mapper -> mapper.delete(id));
        audit.record(AuditEntry.of(actor, "plugin.uninstalled", AuditEntry.SUCCESS, "plugin", id,
                forcedDetail(Map.of("version", version), users)));
        events.publish(TOPIC, "plugin.uninstalled", Map.of("id", id, "version", version));
    }

    /** Starts a stopped plugin; its nodes appear in the palette. */
    public synchronized InstalledPlugin start(Actor actor, String id) {
        PluginWrapper wrapper = requireInstalled(id);
        if (wrapper.getPluginState() != PluginState.STARTED) {
            startAndRegister(id);
        }
        store.inTransaction(PluginMapper.class, mapper -> mapper.setEnabled(id, true));
        audit.record(AuditEntry.of(actor, "plugin.started", AuditEntry.SUCCESS, "plugin", id, Map.of()));
        InstalledPlugin installed = describe(id);
        events.publish(TOPIC, "plugin.started", installed);
        return installed;
    }

    /** Stops a plugin no active workflow uses; its nodes leave the palette. It stays stopped across restarts. */
    public synchronized InstalledPlugin stop(Actor actor, String id) {
        return stop(actor, id, false);
    }

    /** Stops a plugin; unless {@code force}, refused (409) while active workflows use it. */
    public synchronized InstalledPlugin stop(Actor actor, String id, boolean force) {
        requireInstalled(id);
        List<WorkflowGuard.WorkflowUse> users = requireUnused(id, force, "stopped");
        registry.remove(id);
        registry.stopped(id);
        manager.stopPlugin(id);
        store.inTransaction(PluginMapper.class, mapper -> mapper.setEnabled(id, false));
        audit.record(AuditEntry.of(actor, "plugin.stopped", AuditEntry.SUCCESS, "plugin", id,
                forcedDetail(Map.of(), users)));
        InstalledPlugin installed = describe(id);
        events.publish(TOPIC, "plugin.stopped", installed);
        return installed;
    }

    public synchronized List<InstalledPlugin> list() {
        return manager.getPlugins().stream().map(wrapper -> describe(wrapper.getPluginId())).toList();
    }

    public synchronized InstalledPlugin get(String id) {
        requireInstalled(id);
        return describe(id);
    }

    /** The class loader of an installed plugin, for the leak test; empty if not installed. */
    java.util.Optional<ClassLoader> classLoaderOf(String id) {
        PluginWrapper wrapper = manager.getPlugin(id);
        return wrapper == null ? java.util.Optional.empty() : java.util.Optional.of(wrapper.getPluginClassLoader());
    }

    /** The node types a plugin contributes now, with their descriptor versions. */
    private Map<String, Integer> nodeVersionsOf(String pluginId) {
        Map<String, Integer> versions = new java.util.TreeMap<>();
        registry.nodes().stream().filter(node -> node.pluginId().equals(pluginId))
                .forEach(node -> versions.put(node.descriptor().typeId(), node.descriptor().version()));
        return versions;
    }

    /** The active workflows using a plugin; refuses with 409 when there are any, unless forced. */
    private List<WorkflowGuard.WorkflowUse> requireUnused(String id, boolean force, String what) {
        List<WorkflowGuard.WorkflowUse> users = guard.usersOf(nodeVersionsOf(id).keySet());
        if (users.isEmpty() || force) {
            return users;
        }
        String names = users.stream().map(use -> "'" + use.name() + "' (" + use.id() + ")")
                .collect(java.util.stream.Collectors.joining(", "));
        throw new ProblemException(409, "plugin-in-use", "Plugin in use",
                "plugin '" + id + "' cannot be " + what + ": " + users.size() + " active workflow"
                        + (users.size() == 1 ? " uses" : "s use") + " it: " + names
                        + "; deactivate " + (users.size() == 1 ? "it" : "them") + " first, or add ?force=true")
                .with("plugin", id)
                .with("workflows", users.stream().map(use -> Map.of("id", use.id().toString(), "name", use.name(),
                        "nodes", use.nodes())).toList());
    }

    private static ProblemException incompatible(String id, String version,
                                                 List<WorkflowGuard.UpgradeViolation> violations) {
        WorkflowGuard.UpgradeViolation first = violations.get(0);
        return new ProblemException(409, "plugin-incompatible", "Upgrade would break active workflows",
                "plugin '" + id + "' " + version + " does not fit " + violations.size() + " node configuration"
                        + (violations.size() == 1 ? "" : "s") + " of active workflows, first: workflow '"
                        + first.workflowName() + "' " + first.pointer() + ": " + first.message()
                        + "; the previous version runs again (fix the workflows, or add ?force=true)")
                .with("plugin", id)
                .with("violations", violations.stream().map(v -> Map.of("workflowId", v.workflowId().toString(),
                        "workflowName", v.workflowName(), "nodeId", v.nodeId(), "pointer", v.pointer(),
                        "message", v.message())).toList());
    }

    private static Map<String, Object> forcedDetail(Map<String, Object> detail, List<WorkflowGuard.WorkflowUse> users) {
        if (users.isEmpty()) {
            return detail;
        }
        Map<String, Object> forced = new java.util.LinkedHashMap<>(detail);
        forced.put("forced", true);
        forced.put("activeWorkflows", users.stream().map(use -> use.id().toString()).toList());
        return forced;
    }

    private PluginWrapper requireInstalled(String id) {
        PluginWrapper wrapper = manager.getPlugin(id);
        if (wrapper == null) {
            throw ProblemException.notFound("plugin", id);
        }
        return wrapper;
    }

    /** The shared jar checks, answered as the kernel's 422 problem naming the check. */
    private PluginArchive inspect(Path jar) {
        try {
            return inspector.inspect(jar);
        } catch (PluginCheckException e) {
            throw PluginRefusedException.of(e.check(), e.getMessage());
        }
    }

    /** Loads the checked jar into PF4J and, if enabled, starts it and registers its extensions. */
    private void activate(PluginArchive archive, boolean start) {
        String id;
        try {
            id = manager.loadPlugin(archive.file());
        } catch (PluginRuntimeException e) {
            throw PluginRefusedException.of("load", "PF4J could not load the plugin: " + e.getMessage());
        }
        if (id == null) {
            throw PluginRefusedException.of("load", "PF4J did not load the plugin (invalid descriptor?)");
        }
        if (!start) {
            return;
        }
        try {
            startAndRegister(id);
        } catch (RuntimeException e) {
            deactivate(id);
            throw e;
        }
    }

    private void startAndRegister(String id) {
        PluginState state = calls.call("start", "starting plugin '" + id + "'", CALL_TIMEOUT, () -> manager.startPlugin(id));
        PluginWrapper wrapper = manager.getPlugin(id);
        if (state != PluginState.STARTED) {
            Throwable failure = wrapper.getFailedException();
            throw PluginRefusedException.of("start", "plugin '" + id + "' did not start"
                    + (failure == null ? " (state " + state + ")" : ": " + KernelPluginManager.describe(rootOf(failure))));
        }
        registry.put(id, collectExtensions(wrapper));
    }

    /** Constructs every extension and reads its descriptor, each under a time limit. */
    private NodeRegistry.Contribution collectExtensions(PluginWrapper wrapper) {
        String id = wrapper.getPluginId();
        String version = wrapper.getDescriptor().getVersion();
        List<NodeRegistry.RegisteredNode> nodes = new ArrayList<>();
        List<NodeRegistry.RegisteredCredentialType> credentialTypes = new ArrayList<>();
        List<NodeRegistry.RegisteredChannel> channels = new ArrayList<>();
        Set<String> classNames = manager.getExtensionClassNames(id);
        for (String className : classNames) {
            Object extension = calls.call("extension", "extension " + className, CALL_TIMEOUT, () -> {
                Class<?> type = Class.forName(className, true, wrapper.getPluginClassLoader());
                return manager.getExtensionFactory().create(type);
            });
            if (extension == null) {
                throw PluginRefusedException.of("extension", "extension " + className + " could not be created");
            }
            if (extension instanceof Node node) {
                NodeDescriptor descriptor = calls.call("descriptor", className + ".descriptor()", CALL_TIMEOUT, node::descriptor);
                requireOwned(id, descriptor.typeId(), descriptor.scope());
                nodes.add(new NodeRegistry.RegisteredNode(id, version, node, descriptor));
            }
            if (extension instanceof CredentialType type) {
                CredentialDescriptor descriptor = calls.call("descriptor", className + ".descriptor()", CALL_TIMEOUT, type::descriptor);
                requireOwned(id, descriptor.typeId(), descriptor.typeId().substring(0, descriptor.typeId().indexOf('.')));
                credentialTypes.add(new NodeRegistry.RegisteredCredentialType(id, type, descriptor));
            }
            if (extension instanceof Channel channel) {
                ChannelDescriptor descriptor = calls.call("descriptor", className + ".descriptor()", CALL_TIMEOUT, channel::descriptor);
                String scope = descriptor.channelId().contains(".")
                        ? descriptor.channelId().substring(0, descriptor.channelId().indexOf('.')) : "";
                requireOwned(id, descriptor.channelId(), scope);
                channels.add(new NodeRegistry.RegisteredChannel(id, channel, descriptor));
            }
        }
        return new NodeRegistry.Contribution(nodes, credentialTypes, channels);
    }

    private void requireOwned(String pluginId, String typeId, String scope) {
        if (!scope.equals(pluginId)) {
            throw PluginRefusedException.of("type-id", "'" + typeId + "' must be scoped by the plugin id: '"
                    + pluginId + "." + typeId.substring(typeId.indexOf('.') + 1) + "'");
        }
        registry.ownerOf(typeId).filter(owner -> !owner.equals(pluginId)).ifPresent(owner -> {
            throw PluginRefusedException.of("type-id", "'" + typeId + "' is already provided by plugin '" + owner + "'");
        });
    }

    /** Stops and unloads a plugin, releasing its class loader; leaves its file alone. */
    private void deactivate(String id) {
        registry.remove(id);
        try {
            manager.unloadPlugin(id);
        } catch (RuntimeException e) {
            LOG.warn("Unloading plugin {} failed: {}", id, e.getMessage());
        }
    }

    private InstalledPlugin describe(String id) {
        PluginWrapper wrapper = manager.getPlugin(id);
        PluginRow row = store.inTransaction(PluginMapper.class, mapper -> mapper.find(id));
        return new InstalledPlugin(id, wrapper.getDescriptor().getVersion(),
                stateOf(wrapper.getPluginState()), row == null || row.enabled,
                wrapper.getDescriptor().getPluginDescription(), wrapper.getDescriptor().getProvider(),
                previousVersion(id).orElse(null),
                registry.nodeTypesOf(id), registry.credentialTypesOf(id), registry.channelsOf(id),
                row == null ? null : row.sha256, row == null ? null : row.installedAt, row == null ? null : row.updatedAt);
    }

    /** PF4J's states as an admin thinks of them: a loaded plugin that does not run is stopped. */
    private static String stateOf(PluginState state) {
        if (state == PluginState.STARTED) {
            return "started";
        }
        if (state == PluginState.FAILED) {
            return "failed";
        }
        if (state == PluginState.DISABLED) {
            return "disabled";
        }
        return "stopped";
    }

    private void record(PluginArchive archive, boolean enabled) {
        PluginRow row = new PluginRow();
        row.id = archive.id();
        row.version = archive.version();
        row.fileName = archive.file().getFileName().toString();
        row.sha256 = archive.sha256();
        row.enabled = enabled;
        store.inTransaction(PluginMapper.class, mapper -> {
            mapper.upsert(row);
            return null;
        });
    }

    private Path receive(InputStream jarBytes) {
        if (jarBytes == null) {
            throw ProblemException.badRequest("the request body must be the plugin jar");
        }
        Path upload = incoming.resolve(UUID.randomUUID() + ".jar");
        try {
            Files.copy(jarBytes, upload);
        } catch (IOException e) {
            deleteQuietly(upload);
            throw new UncheckedIOException("cannot store the uploaded plugin", e);
        }
        return upload;
    }

    /** Moves a checked upload to its final name in the plugins folder. */
    private PluginArchive place(PluginArchive archive) {
        Path target = directory.resolve(archive.id() + "-" + archive.version() + ".jar");
        move(archive.file(), target);
        return new PluginArchive(target, archive.id(), archive.version(), archive.pluginClass(), archive.requires(),
                archive.apiImports(), archive.sha256());
    }

    private List<Path> jars() {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(path -> path.getFileName().toString().endsWith(".jar") && Files.isRegularFile(path))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }

    private static void move(Path from, Path to) {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + from + " to " + to, e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", file, e.getMessage());
        }
    }

    private static Throwable rootOf(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    @Override
    public synchronized void close() {
        List<String> ids = manager.getPlugins().stream().map(PluginWrapper::getPluginId).toList();
        for (String id : ids) {
            deactivate(id);
        }
        calls.close();
    }
}
