/**
 * Nodes: the steps of a workflow. A node is described by plain data ({@link io.leadflow.api.node.NodeDescriptor})
 * from which the kernel derives the palette entry, the ports and the configuration form (as JSON Schema),
 * and does its work as an {@link io.leadflow.api.node.Action} or a trigger.
 *
 * <p>Stability: public API, strictly semantically versioned; the package version is in the
 * {@code packageinfo} resource and baselined by the build.
 */
package io.leadflow.api.node;
