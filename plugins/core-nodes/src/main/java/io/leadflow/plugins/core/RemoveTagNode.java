package io.leadflow.plugins.core;

import io.leadflow.api.node.NodeDescriptor;
import org.pf4j.Extension;

/** {@code core.remove-tag}: Removes tags from the lead. */
@Extension
public final class RemoveTagNode extends TagNode {
    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.action("core.remove-tag")
            .label("Remove tag")
            .description("Removes tags from the lead.")
            .category("Leads")
            .icon("tag")
            .properties(LEAD_ID, TAGS)
            .idempotent()
            .build();

    /** Creates the node; PF4J instantiates it once per plugin start. */
    public RemoveTagNode() {
        super(false);
    }

    /** {@inheritDoc} */
    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }
}
