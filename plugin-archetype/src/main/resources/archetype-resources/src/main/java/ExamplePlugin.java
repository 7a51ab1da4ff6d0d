package ${package};

import io.leadflow.api.LeadFlowPlugin;
import io.leadflow.api.PluginContext;

/**
 * The plugin's entry point, named by the {@code Plugin-Class} header. The kernel constructs it with
 * a {@link PluginContext}; override {@code start()} and {@code stop()} only to hold something across
 * node runs, and release all of it in {@code stop()}: the kernel unloads the class loader afterwards.
 */
public class ExamplePlugin extends LeadFlowPlugin {
    /**
     * Creates the plugin.
     *
     * @param context what the kernel provides to this plugin
     */
    public ExamplePlugin(PluginContext context) {
        super(context);
    }
}
