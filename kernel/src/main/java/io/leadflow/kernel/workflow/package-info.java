/**
 * Workflows: JSON documents of plugin nodes and port-to-port edges, validated against the
 * workflow schema and the live palette, saved as immutable versions, one of which is active.
 */
package io.leadflow.kernel.workflow;
