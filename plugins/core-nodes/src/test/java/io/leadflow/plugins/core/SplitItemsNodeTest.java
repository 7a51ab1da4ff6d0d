package io.leadflow.plugins.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.api.node.Item;
import io.leadflow.api.node.NodeResult;
import io.leadflow.api.node.Property;
import io.leadflow.testkit.NodeRunner;
import io.leadflow.testkit.TestContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SplitItemsNodeTest {
    private final SplitItemsNode node = new SplitItemsNode();

    @Test
    void describesASplitWithARequiredField() {
        assertThat(node.descriptor().typeId()).isEqualTo("core.split");
        assertThat(node.descriptor().properties()).filteredOn(Property::required).extracting(Property::id)
                .containsExactly("field");
    }

    @Test
    void emitsOneItemPerElement() {
        List<Item> items = List.of(
                Item.of(Map.of("contacts", List.of(Map.of("email", "a@x.io"), Map.of("email", "b@x.io")))),
                Item.of(Map.of("contacts", List.of("c@x.io", 4))),
                Item.of(Map.of("contacts", List.of())));

        NodeResult result = NodeRunner.run(node, items, TestContext.builder().config("field", "contacts").build());

        assertThat(NodeRunner.itemsOn(result, "main")).containsExactly(Item.of(Map.of("email", "a@x.io")),
                Item.of(Map.of("email", "b@x.io")), Item.of(Map.of("value", "c@x.io")), Item.of(Map.of("value", 4)));
    }

    @Test
    void aMissingOrNonArrayFieldIsAPermanentFailure() {
        Map<String, Object> withNull = new HashMap<>();
        withNull.put("contacts", null);
        for (Item item : List.of(Item.of(Map.of("other", 1)), Item.of(Map.of("contacts", "text")), Item.of(withNull))) {
            NodeResult result = NodeRunner.run(node, List.of(item), TestContext.builder().config("field", "contacts").build());
            assertThat(result).as(item.toString()).isInstanceOfSatisfying(NodeResult.Failure.class, failure -> {
                assertThat(failure.retryable()).isFalse();
                assertThat(failure.message()).contains("'contacts'");
            });
        }
    }
}
