package io.leadflow.plugins.core;

import io.leadflow.api.node.NodeDescriptor;
import io.leadflow.api.trigger.TriggerContext;
import java.util.Map;
import org.pf4j.Extension;

/** {@code core.lead-created}: starts a run for every new lead (item: {@code leadId}, {@code event}, {@code at}). */
@Extension
public final class LeadCreatedTrigger extends LeadEventTrigger {
    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.trigger("core.lead-created")
            .label("Lead created")
            .description("Starts the workflow when a lead is created (by the API, an import, a form or a message).")
            .category("Leads")
            .icon("user-plus")
            .build();

    /** Creates the trigger; PF4J instantiates it once per plugin start. */
    public LeadCreatedTrigger() {
        super("lead.created");
    }

    /** {@inheritDoc} */
    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    boolean accepts(Map<String, Object> data, TriggerContext context) {
        return true;
    }
}
