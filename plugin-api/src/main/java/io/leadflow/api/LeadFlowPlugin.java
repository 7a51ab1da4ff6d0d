package io.leadflow.api;

import org.pf4j.Plugin;

/**
 * Base class of a plugin's {@code Plugin-Class}. The kernel constructs it with a
 * {@link PluginContext}; override {@link #start()} and {@link #stop()} to acquire and release
 * anything the plugin holds across node runs (release everything in {@code stop()}: the kernel
 * unloads the plugin's class loader afterwards).
 */
public abstract class LeadFlowPlugin extends Plugin {
    private final PluginContext context;

    /**
     * Creates the plugin.
     *
     * @param context what the kernel provides to this plugin
     */
    protected LeadFlowPlugin(PluginContext context) {
        this.context = context;
    }

    /**
     * The context the kernel created this plugin with.
     *
     * @return the plugin's context
     */
    public final PluginContext context() {
        return context;
    }
}
