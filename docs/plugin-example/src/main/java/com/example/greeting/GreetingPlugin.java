package com.example.greeting;

import io.leadflow.api.LeadFlowPlugin;
import io.leadflow.api.PluginContext;

/** The plugin's entry point (its Plugin-Class). It holds nothing between runs. */
public class GreetingPlugin extends LeadFlowPlugin {
    public GreetingPlugin(PluginContext context) {
        super(context);
    }
}
