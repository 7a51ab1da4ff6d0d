package io.leadflow.plugins.vapi;

import io.leadflow.api.LeadFlowPlugin;
import io.leadflow.api.PluginContext;

/**
 * The VAPI plugin. Its extensions get their HTTP client and credential per call, so the plugin
 * holds nothing across calls and start/stop have nothing to do.
 */
public final class VapiPlugin extends LeadFlowPlugin {

    /**
     * Creates the plugin.
     *
     * @param context what the kernel provides to this plugin
     */
    public VapiPlugin(PluginContext context) {
        super(context);
    }
}
