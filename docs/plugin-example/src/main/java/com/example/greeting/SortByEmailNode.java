package com.example.greeting;

import io.leadflow.api.node.Action;
import io.leadflow.api.node.Item;
import io.leadflow.api.node.NodeContext;
import io.leadflow.api.node.NodeDescriptor;
import io.leadflow.api.node.NodeInput;
import io.leadflow.api.node.NodeResult;
import io.leadflow.api.node.Port;
import io.leadflow.api.node.Property;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.pf4j.Extension;

/** {@code greeting.sort-by-email}: items with an email address go out on {@code valid}, the others on {@code invalid}. */
@Extension
public class SortByEmailNode implements Action {
    static final String VALID = "valid";
    static final String INVALID = "invalid";
    static final Property<String> FIELD = Property.string("field").label("Email field").defaultValue("email").build();

    @Override
    public NodeDescriptor descriptor() {
        return NodeDescriptor.action("greeting.sort-by-email")
                .label("Sort by email")
                .category("Examples")
                .properties(FIELD)
                .output(Port.of(VALID, "Has an email"))
                .output(Port.of(INVALID, "No email"))
                .idempotent()
                .build();
    }

    @Override
    public CompletionStage<NodeResult> execute(NodeInput input, NodeContext context) {
        String field = context.config().get(FIELD);
        List<Item> valid = new ArrayList<>();
        List<Item> invalid = new ArrayList<>();
        for (Item item : input.items()) {
            boolean hasEmail = item.get(field) instanceof String email && email.matches("[^@\\s]+@[^@\\s]+");
            (hasEmail ? valid : invalid).add(item);
        }
        return CompletableFuture.completedFuture(NodeResult.toPorts(Map.of(VALID, valid, INVALID, invalid)));
    }
}
