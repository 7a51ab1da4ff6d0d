package com.example.greeting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadflow.api.node.Item;
import io.leadflow.api.node.NodeResult;
import io.leadflow.testkit.NodeRunner;
import io.leadflow.testkit.TestContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GreetNodeTest {

    @Test
    void greetsEveryItem() {
        TestContext context = TestContext.builder().config("name", "Ada").build();
        NodeResult result = NodeRunner.run(new GreetNode(), List.of(Item.of(Map.of("id", 1)), Item.of(Map.of("id", 2))), context);
        assertThat(NodeRunner.itemsOn(result, "main"))
                .extracting(item -> item.get("greeting")).containsExactly("Hello, Ada!", "Hello, Ada!");
        assertThat(NodeRunner.itemsOn(result, "main").get(0).get("id")).isEqualTo(1);
    }

    @Test
    void formalStyle() {
        TestContext context = TestContext.builder().config("name", "Dr. Lovelace").config("style", "formal").build();
        NodeResult result = NodeRunner.run(new GreetNode(), List.of(), context);
        assertThat(NodeRunner.itemsOn(result, "main").get(0).get("greeting")).isEqualTo("Good day, Dr. Lovelace.");
    }

    @Test
    void aVersionOneConfigurationIsMigratedToTheRenamedProperty() {
        GreetNode node = new GreetNode();
        assertThat(node.descriptor().version()).isEqualTo(2);
        assertThat(node.migrateConfig(1, Map.of("person", "Ada", "style", "formal")))
                .isEqualTo(Map.of("name", "Ada", "style", "formal"));
        assertThat(node.migrateConfig(2, Map.of("name", "Ada"))).isEqualTo(Map.of("name", "Ada"));
    }

    @Test
    void nameIsRequired() {
        assertThatThrownBy(() -> NodeRunner.run(new GreetNode(), List.of(), TestContext.builder().build()))
                .hasMessageContaining("missing required properties [name]");
    }
}
