package io.leadflow.plugins.messenger;

import io.leadflow.api.LeadFlowPlugin;
import io.leadflow.api.PluginContext;

/**
 * The Messenger plugin. Its extensions get their HTTP client and credential per call, so the plugin
 * holds nothing across calls and start/stop have nothing to do.
 */
public final class MessengerPlugin extends LeadFlowPlugin {

    /**
     * Creates the plugin.
     *
     * @param context what the kernel provides to this plugin
     */
    public MessengerPlugin(PluginContext context) {
        super(context);
    }
}
