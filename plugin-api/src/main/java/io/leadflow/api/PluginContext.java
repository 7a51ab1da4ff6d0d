package io.leadflow.api;

import io.leadflow.api.node.NodeLogger;

/**
 * What the kernel hands a plugin when it creates it: who the plugin is and which kernel runs it.
 * A plugin keeps it for its lifetime; per-run services (HTTP client, credential, state) come with
 * each {@link io.leadflow.api.node.NodeContext} instead.
 */
public interface PluginContext {

    /** @return the plugin's id, as in its {@code Plugin-Id} manifest header (e.g. {@code mailgun}) */
    String pluginId();

    /** @return the plugin's version, as in its {@code Plugin-Version} manifest header */
    String pluginVersion();

    /** @return the version of the plugin API the kernel provides (e.g. {@code 1.0.0}) */
    String apiVersion();

    /** @return a logger whose lines the kernel tags with the plugin id */
    NodeLogger logger();
}
