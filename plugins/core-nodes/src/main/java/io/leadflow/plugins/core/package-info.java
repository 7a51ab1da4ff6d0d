/**
 * The core nodes plugin ({@code core}): the triggers and actions every workflow needs. Triggers:
 * webhook, schedule, manual run. Actions: HTTP request, set fields, if, switch, wait, merge, split
 * items, loop over items, respond to webhook. Conditions and mappings are JSONata, evaluated per
 * item by {@code Expressions}.
 *
 * <p>Stability: internal to the plugin; what other code relies on is the type ids
 * ({@code core.*}), ports and property ids in each node's descriptor.
 */
package io.leadflow.plugins.core;
