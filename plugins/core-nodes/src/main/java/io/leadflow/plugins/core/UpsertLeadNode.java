package io.leadflow.plugins.core;

import io.leadflow.api.node.Action;
import io.leadflow.api.node.Item;
import io.leadflow.api.node.NodeContext;
import io.leadflow.api.node.NodeDescriptor;
import io.leadflow.api.node.NodeInput;
import io.leadflow.api.node.NodeResult;
import io.leadflow.api.node.Property;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.pf4j.Extension;

/**
 * {@code core.upsert-lead}: creates a lead per item, or merges into the existing lead with the
 * same email or phone (the kernel's dedupe rules). The fields are the configured object, or, when
 * none is configured, the item itself ({@code firstName}, {@code emails}, {@code phones},
 * {@code tags}, {@code customFields}, ...). Each lead goes on as an item.
 */
@Extension
public final class UpsertLeadNode implements Action {
    /** The lead's fields; empty to use each item as the fields. */
    static final Property<Object> FIELDS = Property.json("fields").label("Fields").expressions()
            .description("A JSON object of lead fields, e.g. {\"firstName\": \"{{ name }}\", \"emails\": [\"{{ email }}\"]}; "
                    + "empty: each item is the fields.").build();

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.action("core.upsert-lead")
            .label("Create or update lead")
            .description("Creates a lead, or updates the existing one with the same email or phone.")
            .category("Leads")
            .icon("user-plus")
            .properties(FIELDS)
            .idempotent()
            .build();

    /** Creates the node; PF4J instantiates it once per plugin start. */
    public UpsertLeadNode() {
        // stateless
    }

    /** {@inheritDoc} */
    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /** {@inheritDoc} */
    @Override
    public CompletionStage<NodeResult> execute(NodeInput input, NodeContext context) {
        Object configured = context.config().get(FIELDS);
        if (configured instanceof String text && !text.isBlank()) {
            try {
                configured = Json.parse(text);
            } catch (IllegalArgumentException e) {
                return CompletableFuture.completedFuture(Items.permanent("invalid_config",
                        "fields must be a JSON object: " + e.getMessage()));
            }
        }
        if (configured != null && !(configured instanceof Map<?, ?>) && !(configured instanceof String)) {
            return CompletableFuture.completedFuture(Items.permanent("invalid_config", "fields must be a JSON object"));
        }
        Map<?, ?> fields = configured instanceof Map<?, ?> map ? map : null;
        List<Item> leads = new ArrayList<>();
        CompletableFuture<NodeResult> chain = CompletableFuture.completedFuture(null);
        for (Item item : input.items()) {
            chain = chain.thenCompose(failed -> {
                if (failed != null) {
                    return CompletableFuture.completedFuture(failed);
                }
                Map<String, Object> values = new LinkedHashMap<>();
                (fields != null ? fields : item.json()).forEach((key, value) -> values.put(String.valueOf(key), value));
                return context.leads().upsert(values).toCompletableFuture().handle((lead, error) -> {
                    if (error != null) {
                        return LeadItems.failure(error);
                    }
                    leads.add(Item.of(lead));
                    return null;
                });
            });
        }
        return chain.thenApply(failed -> failed != null ? failed : NodeResult.items(leads));
    }
}
