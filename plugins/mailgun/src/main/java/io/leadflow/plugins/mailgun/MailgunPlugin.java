package io.leadflow.plugins.mailgun;

import io.leadflow.api.LeadFlowPlugin;
import io.leadflow.api.PluginContext;

/**
 * The Mailgun plugin. Every extension gets its HTTP client, credential and state per call, so the
 * plugin holds nothing across runs and start/stop have nothing to do.
 */
public final class MailgunPlugin extends LeadFlowPlugin {

    /**
     * Creates the plugin.
     *
     * @param context what the kernel provides to this plugin
     */
    public MailgunPlugin(PluginContext context) {
        super(context);
    }
}
