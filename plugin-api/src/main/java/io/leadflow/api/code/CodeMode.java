package io.leadflow.api.code;

/**
 * How often the user's code runs for one node run.
 *
 * @since code 1.0.0
 */
public enum CodeMode {
    /** Once, with every input item in {@code items}; the code returns the output items. */
    ALL_ITEMS,
    /** Once per input item, as {@code $json}; each run returns that item's output (or nothing to drop it). */
    EACH_ITEM
}
