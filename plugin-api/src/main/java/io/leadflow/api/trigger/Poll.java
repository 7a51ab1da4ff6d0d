package io.leadflow.api.trigger;

import io.leadflow.api.node.Item;
import java.util.List;

/**
 * The result of one poll: the new items (each starts a run) and the cursor to poll after next.
 *
 * @param items the new items since the previous cursor
 * @param nextCursor the cursor to store, or null to keep the previous one
 */
public record Poll(List<Item> items, String nextCursor) {

    /**
     * Copies the items.
     *
     * @param items the items
     * @param nextCursor the next cursor
     */
    public Poll {
        items = List.copyOf(items);
    }
}
