package io.leadflow.api.node;

/** Whether a node starts runs or carries them on; the palette groups nodes by it. */
public enum NodeKind {
    /** Starts a run: a webhook, a schedule, a poll, a kernel event. */
    TRIGGER,
    /** Carries a run on: transforms, branches, waits, calls a service. */
    ACTION
}
