package io.leadflow.plugins.core;

import io.leadflow.api.node.NodeDescriptor;
import org.pf4j.Extension;

/** {@code core.add-tag}: Adds tags to the lead (a tag it has already is left alone). */
@Extension
public final class AddTagNode extends TagNode {
    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.action("core.add-tag")
            .label("Add tag")
            .description("Adds tags to the lead (a tag it has already is left alone).")
            .category("Leads")
            .icon("tag")
            .properties(LEAD_ID, TAGS)
            .idempotent()
            .build();

    /** Creates the node; PF4J instantiates it once per plugin start. */
    public AddTagNode() {
        super(true);
    }

    /** {@inheritDoc} */
    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }
}
