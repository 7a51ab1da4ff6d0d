package io.leadflow.plugins.core;

import io.leadflow.api.node.Action;
import io.leadflow.api.node.Item;
import io.leadflow.api.node.NodeContext;
import io.leadflow.api.node.NodeDescriptor;
import io.leadflow.api.node.NodeInput;
import io.leadflow.api.node.NodeResult;
import io.leadflow.api.node.Port;
import io.leadflow.api.node.Property;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.pf4j.Extension;

/**
 * {@code core.find-lead}: looks up a lead per item by id, email or phone (normalised by the kernel).
 * Found leads go to {@code found} as items; items whose lead does not exist go to
 * {@code notFound} unchanged.
 */
@Extension
public final class FindLeadNode implements Action {
    /** The output for found leads. */
    static final String FOUND = "found";
    /** The output for items without a lead. */
    static final String NOT_FOUND = "notFound";
    /** What to look up by. */
    static final Property<String> BY = Property.options("by", "id", "email", "phone").label("Find by")
            .defaultValue("email").build();
    /** The value; empty for the item's member of the same name ({@code leadId}/{@code id} for id). */
    static final Property<String> VALUE = Property.string("value").label("Value").expressions()
            .description("Empty: the item's 'email' or 'phone', or its 'leadId'/'id'.").build();

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.action("core.find-lead")
            .label("Find lead")
            .description("Finds a lead by id, email or phone.")
            .category("Leads")
            .icon("search")
            .input(Port.mainPort())
            .output(Port.of(FOUND, "Found"))
            .output(Port.of(NOT_FOUND, "Not found"))
            .properties(BY, VALUE)
            .idempotent()
            .build();

    /** Creates the node; PF4J instantiates it once per plugin start. */
    public FindLeadNode() {
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
        String by = context.config().get(BY);
        String configured = context.config().get(VALUE);
        List<Item> found = new ArrayList<>();
        List<Item> missing = new ArrayList<>();
        CompletableFuture<NodeResult> chain = CompletableFuture.completedFuture(null);
        for (Item item : input.items()) {
            chain = chain.thenCompose(failed -> {
                if (failed != null) {
                    return CompletableFuture.completedFuture(failed);
                }
                String value = "id".equals(by) ? LeadItems.leadId(configured, item)
                        : configured != null && !configured.isBlank() ? configured.trim()
                        : item.get(by) == null ? null : item.get(by).toString();
                if (value == null || value.isBlank()) {
                    missing.add(item);
                    return CompletableFuture.completedFuture(null);
                }
                CompletionStage<Optional<Map<String, Object>>> lookup = switch (by) {
                    case "id" -> context.leads().find(value);
                    case "phone" -> context.leads().findByPhone(value);
                    default -> context.leads().findByEmail(value);
                };
                return lookup.toCompletableFuture().handle((lead, error) -> {
                    if (error != null) {
                        // a value that is not an email or phone names no lead
                        if (LeadItems.failure(error) instanceof NodeResult.Failure failure && !failure.retryable()) {
                            missing.add(item);
                            return null;
                        }
                        return LeadItems.failure(error);
                    }
                    if (lead.isPresent()) {
                        found.add(Item.of(lead.get()));
                    } else {
                        missing.add(item);
                    }
                    return null;
                });
            });
        }
        return chain.thenApply(failed -> {
            if (failed != null) {
                return failed;
            }
            Map<String, List<Item>> byPort = new LinkedHashMap<>();
            byPort.put(FOUND, found);
            byPort.put(NOT_FOUND, missing);
            return Items.emit(byPort);
        });
    }
}
