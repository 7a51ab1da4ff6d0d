package io.leadflow.plugins.core;

import io.leadflow.api.node.Action;
import io.leadflow.api.node.Item;
import io.leadflow.api.node.NodeContext;
import io.leadflow.api.node.NodeInput;
import io.leadflow.api.node.NodeResult;
import io.leadflow.api.node.Property;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Adds or removes tags on each item's lead (read, change, write); the updated lead goes on as an
 * item. A lead that already has (or lacks) the tags is not written.
 */
abstract class TagNode implements Action {
    /** The lead; empty for each item's {@code leadId} or {@code id}. */
    static final Property<String> LEAD_ID = Property.string("leadId").label("Lead id").expressions()
            .description("Empty: each item's 'leadId' or 'id'.").build();
    /** The tags, comma-separated. */
    static final Property<String> TAGS = Property.string("tags").label("Tags").required().expressions()
            .placeholder("hot, newsletter").build();

    private final boolean add;

    TagNode(boolean add) {
        this.add = add;
    }

    /** {@inheritDoc} */
    @Override
    public CompletionStage<NodeResult> execute(NodeInput input, NodeContext context) {
        List<String> tags = Arrays.stream(context.config().get(TAGS).split(",")).map(String::trim)
                .filter(tag -> !tag.isEmpty()).distinct().toList();
        if (tags.isEmpty()) {
            return CompletableFuture.completedFuture(Items.permanent("invalid_config", "no tag given"));
        }
        return LeadItems.eachLead(input.items(), context.config().get(LEAD_ID), (leadId, item, index) ->
                context.leads().find(leadId).thenCompose(found -> LeadItems.existing(found, leadId)).thenCompose(lead -> {
                    Set<String> current = new LinkedHashSet<>();
                    if (lead.get("tags") instanceof List<?> existing) {
                        existing.forEach(tag -> current.add(String.valueOf(tag)));
                    }
                    Set<String> changed = new LinkedHashSet<>(current);
                    if (add) {
                        changed.addAll(tags);
                    } else {
                        tags.forEach(changed::remove);
                    }
                    if (changed.equals(current)) {
                        return CompletableFuture.completedFuture(lead);
                    }
                    return context.leads().update(leadId, Map.of("tags", List.copyOf(changed)));
                }).thenApply(Item::of));
    }
}
