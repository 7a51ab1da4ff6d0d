package io.leadflow.api.node;

import java.util.Map;
import org.pf4j.ExtensionPoint;

/**
 * A workflow step contributed by a plugin. Mark an implementation with PF4J's {@code @Extension};
 * implement {@link Action} or one of the trigger interfaces, never this interface alone.
 * Implementations must be stateless and thread-safe: one instance serves every run.
 */
public interface Node extends ExtensionPoint {

    /**
     * What this node is: type id, version, ports, properties. Called once when the plugin starts.
     *
     * @return the node's descriptor
     */
    NodeDescriptor descriptor();

    /**
     * Upgrades a configuration saved by an older version of this node to the current
     * {@link NodeDescriptor#version()}. The default returns it unchanged.
     *
     * @param fromVersion the version the configuration was saved with
     * @param config the saved configuration (plain JSON values)
     * @return the configuration for the current version
     */
    default Map<String, Object> migrateConfig(int fromVersion, Map<String, Object> config) {
        return config;
    }
}
