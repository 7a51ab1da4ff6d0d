package com.example.greeting;

import io.leadflow.api.node.Action;
import io.leadflow.api.node.Item;
import io.leadflow.api.node.NodeContext;
import io.leadflow.api.node.NodeDescriptor;
import io.leadflow.api.node.NodeInput;
import io.leadflow.api.node.NodeResult;
import io.leadflow.api.node.Property;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.pf4j.Extension;

/** Adds a {@code greeting} to every item: "Hello, Ada!" */
@Extension
public class GreetNode implements Action {
    static final Property<String> NAME = Property.string("name").label("Name").required().expressions()
            .placeholder("{{ $.lead.firstName }}").build();
    static final Property<String> STYLE = Property.options("style", "friendly", "formal")
            .label("Style").defaultValue("friendly").build();

    @Override
    public NodeDescriptor descriptor() {
        return NodeDescriptor.action("greeting.greet")
                .version(2)   // version 1 called the name 'person'; migrateConfig upgrades old configurations
                .label("Greet")
                .description("Adds a greeting for the given name to every item.")
                .category("Examples")
                .icon("hand")
                .properties(NAME, STYLE)
                .idempotent()
                .build();
    }

    @Override
    public Map<String, Object> migrateConfig(int fromVersion, Map<String, Object> config) {
        Map<String, Object> next = new LinkedHashMap<>(config);
        if (fromVersion < 2 && next.containsKey("person")) {
            next.put("name", next.remove("person"));
        }
        return next;
    }

    @Override
    public CompletionStage<NodeResult> execute(NodeInput input, NodeContext context) {
        String name = context.config().get(NAME);
        String greeting = "formal".equals(context.config().get(STYLE)) ? "Good day, " + name + "." : "Hello, " + name + "!";
        List<Item> items = input.items().isEmpty() ? List.of(Item.of(Map.of())) : input.items();
        List<Item> out = items.stream().map(item -> {
            Map<String, Object> json = new LinkedHashMap<>(item.json());
            json.put("greeting", greeting);
            return new Item(json);
        }).toList();
        return CompletableFuture.completedFuture(NodeResult.items(out));
    }
}
