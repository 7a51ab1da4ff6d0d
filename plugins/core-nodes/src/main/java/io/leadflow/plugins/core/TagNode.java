package io.leadflow.plugins.core;

import io.leadflow.api.node.Action;
import io.leadflow.api.node.Item;
import io.leadflow.api.node.NodeContext;
import io.leadflow.api.node.NodeInput;
import io.leadflow.api.node.NodeResult;
import io.leadflow.api.node.Property;
import java.util.ArrayList;
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
        List<Item> leads = new ArrayList<>();
        CompletableFuture<NodeResult> chain = CompletableFuture.completedFuture(null);
        List<Item> items = input.items();
        for (int i = 0; i < items.size(); i++) {
            int index = i;
            Item item = items.get(i);
            chain = chain.thenCompose(failed -> {
                if (failed != null) {
                    return CompletableFuture.completedFuture(failed);
                }
                String leadId = LeadItems.leadId(context.config().get(LEAD_ID), item);
                if (leadId == null) {
                    return CompletableFuture.completedFuture(LeadItems.noLeadId(index));
                }
                return context.leads().find(leadId).thenCompose(found -> {
                    if (found.isEmpty()) {
                        return CompletableFuture.<Map<String, Object>>failedFuture(
                                new IllegalArgumentException("lead " + leadId + " does not exist"));
                    }
                    Set<String> current = new LinkedHashSet<>();
                    if (found.get().get("tags") instanceof List<?> existing) {
                        existing.forEach(tag -> current.add(String.valueOf(tag)));
                    }
                    Set<String> changed = new LinkedHashSet<>(current);
                    if (add) {
                        changed.addAll(tags);
                    } else {
                        tags.forEach(changed::remove);
                    }
                    if (changed.equals(current)) {
                        return CompletableFuture.completedFuture(found.get());
                    }
                    return context.leads().update(leadId, Map.of("tags", List.copyOf(changed)));
                }).toCompletableFuture().handle((lead, error) -> {
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
