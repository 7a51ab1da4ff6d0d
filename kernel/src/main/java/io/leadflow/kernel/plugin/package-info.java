/**
 * The plugin runtime: checks plugin jars before anything of them is loaded, runs them with PF4J in
 * isolated class loaders (the plugin API always from the kernel), keeps the registry of node,
 * credential and channel types, and exposes install, upgrade, start, stop and uninstall.
 */
package io.leadflow.kernel.plugin;
