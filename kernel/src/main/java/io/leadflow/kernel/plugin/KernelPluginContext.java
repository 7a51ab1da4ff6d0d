package io.leadflow.kernel.plugin;

import io.leadflow.api.PluginContext;
import io.leadflow.api.node.NodeLogger;

/** The kernel-owned context each plugin is constructed with. */
record KernelPluginContext(String pluginId, String pluginVersion, String apiVersion, NodeLogger logger)
        implements PluginContext {
}
