package io.leadflow.plugins.mt5;

import io.leadflow.api.LeadFlowPlugin;
import io.leadflow.api.PluginContext;

/**
 * The MT5 plugin. It holds one thing across runs, the browser pool ({@link Mt5Services}): made on
 * the first read, and closed here on stop, Chromium and Playwright's drivers with it, before the
 * kernel unloads the plugin's class loader.
 */
public final class Mt5Plugin extends LeadFlowPlugin {

    /**
     * Creates the plugin.
     *
     * @param context what the kernel provides to this plugin
     */
    public Mt5Plugin(PluginContext context) {
        super(context);
    }

    /** Ends Chromium and the drivers, and forgets the stored sessions. */
    @Override
    public void stop() {
        Mt5Services.stopShared();
    }
}
