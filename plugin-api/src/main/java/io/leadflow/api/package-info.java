/**
 * The LeadFlow plugin contract: what a plugin is given by the kernel ({@link io.leadflow.api.PluginContext})
 * and its base class ({@link io.leadflow.api.LeadFlowPlugin}). Nodes, triggers, credentials, channels and
 * the HTTP client live in the sub-packages.
 *
 * <p>Package version: in the {@code packageinfo} resource beside this package, baselined by the build.
 *
 * <p>Stability: public API, strictly semantically versioned (see {@code plugin-api/VERSIONING.md}).
 * The kernel loads {@code io.leadflow.api.*} from its own class loader, never from a plugin.
 */
package io.leadflow.api;
