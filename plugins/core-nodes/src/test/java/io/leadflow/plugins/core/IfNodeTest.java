package io.leadflow.plugins.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.api.node.Item;
import io.leadflow.api.node.NodeResult;
import io.leadflow.api.node.Property;
import io.leadflow.testkit.NodeRunner;
import io.leadflow.testkit.TestContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IfNodeTest {
    private final IfNode node = new IfNode();

    @Test
    void hasTrueAndFalseOutputsAndARequiredCondition() {
        assertThat(node.descriptor().typeId()).isEqualTo("core.if");
        assertThat(node.descriptor().outputs()).extracting(p -> p.name()).containsExactly("true", "false");
        assertThat(node.descriptor().properties()).filteredOn(Property::required).extracting(Property::id)
                .containsExactly("condition");
    }

    @Test
    void routesEachItemByItsCondition() {
        Item hot = Item.of(Map.of("score", 80, "email", "a@x.io"));
        Item cold = Item.of(Map.of("score", 20, "email", "b@x.io"));
        Item alsoHot = Item.of(Map.of("score", 51));

        NodeResult result = NodeRunner.run(node, List.of(hot, cold, alsoHot),
                TestContext.builder().config("condition", "score > 50").build());

        assertThat(NodeRunner.itemsOn(result, "true")).containsExactly(hot, alsoHot);
        assertThat(NodeRunner.itemsOn(result, "false")).containsExactly(cold);
    }

    @Test
    void usesJsonataTruthiness() {
        Item withTags = Item.of(Map.of("tags", List.of("vip")));
        Item emptyTags = Item.of(Map.of("tags", List.of()));
        Item emptyName = Item.of(Map.of("name", ""));

        NodeResult result = NodeRunner.run(node, List.of(withTags, emptyTags, emptyName),
                TestContext.builder().config("condition", "tags").build());

        assertThat(NodeRunner.itemsOn(result, "true")).containsExactly(withTags);
        assertThat(NodeRunner.itemsOn(result, "false")).containsExactly(emptyTags, emptyName);
    }

    @Test
    void aBadConditionIsAPermanentFailure() {
        NodeResult result = NodeRunner.run(node, List.of(Item.of(Map.of())),
                TestContext.builder().config("condition", "score >").build());

        assertThat(result).isInstanceOfSatisfying(NodeResult.Failure.class, failure -> {
            assertThat(failure.retryable()).isFalse();
            assertThat(failure.message()).startsWith("condition: ");
        });
    }
}
