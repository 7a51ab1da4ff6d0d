package io.leadflow.plugins.core;

import io.leadflow.api.LeadFlowPlugin;
import io.leadflow.api.PluginContext;

/** The core nodes plugin: holds nothing across runs, so start and stop have nothing to do. */
public final class CoreNodesPlugin extends LeadFlowPlugin {
    /**
     * Creates the plugin.
     *
     * @param context what the kernel provides to this plugin
     */
    public CoreNodesPlugin(PluginContext context) {
        super(context);
    }
}
