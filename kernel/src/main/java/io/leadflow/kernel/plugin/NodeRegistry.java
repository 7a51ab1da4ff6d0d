package io.leadflow.kernel.plugin;

import io.leadflow.api.channel.Channel;
import io.leadflow.api.channel.ChannelDescriptor;
import io.leadflow.api.credential.CredentialDescriptor;
import io.leadflow.api.credential.CredentialType;
import io.leadflow.api.node.Node;
import io.leadflow.api.node.NodeDescriptor;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The live palette: every node type, credential type and channel of the started plugins, by id.
 * A plugin's entries are replaced or removed together when it starts, stops or is upgraded.
 */
public final class NodeRegistry {

    /** A node type and the plugin version that provides it. */
    public record RegisteredNode(String pluginId, String pluginVersion, Node node, NodeDescriptor descriptor) {
    }

    /** A credential type and the plugin that provides it. */
    public record RegisteredCredentialType(String pluginId, CredentialType type, CredentialDescriptor descriptor) {
    }

    /** A channel and the plugin that provides it. */
    public record RegisteredChannel(String pluginId, Channel channel, ChannelDescriptor descriptor) {
    }

    /** What one plugin contributes. */
    record Contribution(List<RegisteredNode> nodes, List<RegisteredCredentialType> credentialTypes,
                        List<RegisteredChannel> channels) {
    }

    /** How long a run waits for a plugin being swapped: the drain's limit plus time to start the new version. */
    static final Duration SWAP_WAIT = Duration.ofSeconds(45);

    private final Map<String, RegisteredNode> nodes = new ConcurrentHashMap<>();
    private final Map<String, RegisteredCredentialType> credentialTypes = new ConcurrentHashMap<>();
    private final Map<String, RegisteredChannel> channels = new ConcurrentHashMap<>();

    /** The node types of plugins being swapped for another version, by plugin id. */
    private final Map<String, Set<String>> swapping = new HashMap<>();

    synchronized void put(String pluginId, Contribution contribution) {
        remove(pluginId);
        contribution.nodes().forEach(node -> nodes.put(node.descriptor().typeId(), node));
        contribution.credentialTypes().forEach(type -> credentialTypes.put(type.descriptor().typeId(), type));
        contribution.channels().forEach(channel -> channels.put(channel.descriptor().channelId(), channel));
        notifyAll();
    }

    /**
     * A plugin is about to be replaced by another version: from now until {@link #endSwap}, a run
     * that asks for one of its node types waits for the new version instead of failing because
     * the type is briefly missing.
     */
    synchronized void beginSwap(String pluginId) {
        swapping.put(pluginId, Set.copyOf(nodeTypesOf(pluginId)));
    }

    /** The swap is over, whichever version now runs (or none, if both failed to start). */
    synchronized void endSwap(String pluginId) {
        swapping.remove(pluginId);
        notifyAll();
    }

    /**
     * Waits until the node runs holding the current version of a plugin are over, at most
     * {@code timeout}; new runs of its node types wait meanwhile (see {@link #beginSwap}).
     *
     * @return whether they all finished in time
     */
    boolean drain(String pluginId, Duration timeout) {
        ClassLoader loader = nodes.values().stream().filter(node -> node.pluginId().equals(pluginId))
                .map(node -> node.node().getClass().getClassLoader()).findFirst().orElse(null);
        if (!(loader instanceof ApiFirstClassLoader plugin)) {
            return true;
        }
        try {
            return plugin.awaitIdle(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private boolean isSwapping(String typeId) {
        return swapping.values().stream().anyMatch(types -> types.contains(typeId));
    }

    private final List<Consumer<String>> stopListeners = new CopyOnWriteArrayList<>();

    /** Tells {@code listener} the id of each plugin stopped or uninstalled (not replaced by an upgrade). */
    public void whenStopped(Consumer<String> listener) {
        stopListeners.add(listener);
    }

    /** A plugin was stopped or uninstalled: whatever still runs its code may be let go. */
    void stopped(String pluginId) {
        stopListeners.forEach(listener -> listener.accept(pluginId));
    }

    synchronized void remove(String pluginId) {
        nodes.values().removeIf(node -> node.pluginId().equals(pluginId));
        credentialTypes.values().removeIf(type -> type.pluginId().equals(pluginId));
        channels.values().removeIf(channel -> channel.pluginId().equals(pluginId));
    }

    /** The plugin that owns a node type, credential type or channel id, if another plugin does. */
    Optional<String> ownerOf(String id) {
        RegisteredNode node = nodes.get(id);
        if (node != null) {
            return Optional.of(node.pluginId());
        }
        RegisteredCredentialType type = credentialTypes.get(id);
        if (type != null) {
            return Optional.of(type.pluginId());
        }
        RegisteredChannel channel = channels.get(id);
        return channel == null ? Optional.empty() : Optional.of(channel.pluginId());
    }

    public Optional<RegisteredNode> node(String typeId) {
        return Optional.ofNullable(nodes.get(typeId));
    }

    /**
     * The current version of a node type, leased for one run: until the lease is closed, an upgrade
     * or uninstall of its plugin does not close the class loader the run executes in. While its
     * plugin is being upgraded or rolled back, waits (at most {@link #SWAP_WAIT}) for the new version.
     */
    public synchronized Optional<NodeLease> lease(String typeId) {
        long deadline = System.nanoTime() + SWAP_WAIT.toNanos();
        while (isSwapping(typeId) && System.nanoTime() < deadline) {
            try {
                wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        RegisteredNode node = nodes.get(typeId);
        if (node == null) {
            return Optional.empty();
        }
        ClassLoader loader = node.node().getClass().getClassLoader();
        if (loader instanceof ApiFirstClassLoader plugin) {
            if (!plugin.acquire()) {
                return Optional.empty();
            }
            return Optional.of(new NodeLease(node, plugin::release));
        }
        return Optional.of(new NodeLease(node, () -> { }));
    }

    /** A node type held for the duration of one run; close it when the run is over. */
    public static final class NodeLease implements AutoCloseable {
        private final RegisteredNode node;
        private final Runnable release;
        private boolean released;

        NodeLease(RegisteredNode node, Runnable release) {
            this.node = node;
            this.release = release;
        }

        public RegisteredNode node() {
            return node;
        }

        @Override
        public synchronized void close() {
            if (!released) {
                released = true;
                release.run();
            }
        }
    }

    public List<RegisteredNode> nodes() {
        return nodes.values().stream().sorted(Comparator.comparing(node -> node.descriptor().typeId())).toList();
    }

    public Optional<RegisteredCredentialType> credentialType(String typeId) {
        return Optional.ofNullable(credentialTypes.get(typeId));
    }

    public List<RegisteredCredentialType> credentialTypes() {
        return credentialTypes.values().stream()
                .sorted(Comparator.comparing(type -> type.descriptor().typeId())).toList();
    }

    public Optional<RegisteredChannel> channel(String channelId) {
        return Optional.ofNullable(channels.get(channelId));
    }

    /** Every channel of the started plugins, by id. */
    public List<RegisteredChannel> channels() {
        return channels.values().stream()
                .sorted(Comparator.comparing(channel -> channel.descriptor().channelId())).toList();
    }

    List<String> nodeTypesOf(String pluginId) {
        return nodes.values().stream().filter(n -> n.pluginId().equals(pluginId))
                .map(n -> n.descriptor().typeId()).sorted().toList();
    }

    List<String> credentialTypesOf(String pluginId) {
        return credentialTypes.values().stream().filter(t -> t.pluginId().equals(pluginId))
                .map(t -> t.descriptor().typeId()).sorted().toList();
    }

    List<String> channelsOf(String pluginId) {
        return channels.values().stream().filter(c -> c.pluginId().equals(pluginId))
                .map(c -> c.descriptor().channelId()).sorted().toList();
    }
}
