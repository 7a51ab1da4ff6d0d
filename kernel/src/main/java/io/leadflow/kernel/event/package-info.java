/**
 * Domain events inside one kernel: what happened to leads and messages, for event triggers and
 * executions waiting for an event.
 */
package io.leadflow.kernel.event;
