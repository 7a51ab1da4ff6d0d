package io.leadflow.plugins.core;

import io.leadflow.api.node.NodeDescriptor;
import io.leadflow.api.node.Property;
import io.leadflow.api.trigger.TriggerContext;
import java.util.List;
import java.util.Map;
import org.pf4j.Extension;

/**
 * {@code core.tag-added}: starts a run when a lead gets a tag, optionally only one of the listed
 * tags (item: {@code leadId}, {@code tag}, {@code event}, {@code at}).
 */
@Extension
public final class TagAddedTrigger extends LeadEventTrigger {
    /** The tags to watch, comma-separated; empty for any. */
    static final Property<String> TAGS = Property.string("tags").label("Only these tags").placeholder("hot, vip")
            .description("Comma-separated; empty: any tag.").build();

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.trigger("core.tag-added")
            .label("Tag added")
            .description("Starts the workflow when a tag is added to a lead.")
            .category("Leads")
            .icon("tag")
            .properties(TAGS)
            .build();

    /** Creates the trigger; PF4J instantiates it once per plugin start. */
    public TagAddedTrigger() {
        super("lead.tag-added");
    }

    /** {@inheritDoc} */
    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    boolean accepts(Map<String, Object> data, TriggerContext context) {
        List<String> watched = words(context.config().get(TAGS));
        return watched.isEmpty() || watched.contains(String.valueOf(data.get("tag")));
    }
}
