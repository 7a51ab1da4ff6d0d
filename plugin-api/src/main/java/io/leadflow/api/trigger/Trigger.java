package io.leadflow.api.trigger;

import io.leadflow.api.node.Node;

/**
 * A node that starts runs. Implement one of {@link WebhookTrigger}, {@link ScheduleTrigger},
 * {@link PollingTrigger} or {@link EventTrigger}; its descriptor is built with
 * {@link io.leadflow.api.node.NodeDescriptor#trigger(String)}.
 */
public interface Trigger extends Node {
}
