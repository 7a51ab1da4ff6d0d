package com.example.greeting;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.api.node.Item;
import io.leadflow.api.node.NodeResult;
import io.leadflow.api.node.Port;
import io.leadflow.testkit.NodeRunner;
import io.leadflow.testkit.TestContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SortByEmailNodeTest {

    @Test
    void itemsGoToTheValidOrTheInvalidPortInOneRun() {
        NodeResult result = NodeRunner.run(new SortByEmailNode(), List.of(
                Item.of(Map.of("email", "ada@example.com")),
                Item.of(Map.of("email", "not an address")),
                Item.of(Map.of("name", "Bob"))), TestContext.builder().build());

        assertThat(NodeRunner.itemsOn(result, "valid")).extracting(item -> item.get("email"))
                .containsExactly("ada@example.com");
        assertThat(NodeRunner.itemsOn(result, "invalid")).hasSize(2);
        assertThat(NodeRunner.itemsOn(result, "main")).isEmpty();
    }

    @Test
    void theDescriptorDeclaresBothPortsAndTheFieldCanBeChosen() {
        assertThat(new SortByEmailNode().descriptor().outputs()).extracting(Port::name).containsExactly("valid", "invalid");
        NodeResult result = NodeRunner.run(new SortByEmailNode(), List.of(Item.of(Map.of("work", "bob@example.com"))),
                TestContext.builder().config("field", "work").build());
        assertThat(NodeRunner.itemsOn(result, "valid")).hasSize(1);
    }
}
