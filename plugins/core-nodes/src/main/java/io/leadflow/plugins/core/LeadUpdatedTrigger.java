package io.leadflow.plugins.core;

import io.leadflow.api.node.NodeDescriptor;
import io.leadflow.api.node.Property;
import io.leadflow.api.trigger.TriggerContext;
import java.util.List;
import java.util.Map;
import org.pf4j.Extension;

/**
 * {@code core.lead-updated}: starts a run when a lead changes, optionally only when one of the
 * listed fields changed (item: {@code leadId}, {@code fields} that changed, {@code event}, {@code at}).
 */
@Extension
public final class LeadUpdatedTrigger extends LeadEventTrigger {
    /** The fields to watch, comma-separated; empty for any. */
    static final Property<String> FIELDS = Property.string("fields").label("Only when these fields change")
            .placeholder("status, tags, consent")
            .description("Comma-separated: firstName, lastName, company, emails, phones, source, status, tags, owner, "
                    + "customFields, consent. Empty: any change.").build();

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.trigger("core.lead-updated")
            .label("Lead updated")
            .description("Starts the workflow when a lead changes, optionally only for some fields.")
            .category("Leads")
            .icon("user-check")
            .properties(FIELDS)
            .build();

    /** Creates the trigger; PF4J instantiates it once per plugin start. */
    public LeadUpdatedTrigger() {
        super("lead.updated");
    }

    /** {@inheritDoc} */
    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    boolean accepts(Map<String, Object> data, TriggerContext context) {
        List<String> watched = words(context.config().get(FIELDS));
        if (watched.isEmpty()) {
            return true;
        }
        return data.get("fields") instanceof List<?> changed && changed.stream().anyMatch(watched::contains);
    }
}
