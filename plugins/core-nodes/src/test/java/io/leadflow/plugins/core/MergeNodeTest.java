package io.leadflow.plugins.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.api.node.Item;
import io.leadflow.api.node.NodeInput;
import io.leadflow.api.node.NodeResult;
import io.leadflow.testkit.NodeRunner;
import io.leadflow.testkit.TestContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MergeNodeTest {
    private final MergeNode node = new MergeNode();
    private final Item ada = Item.of(Map.of("email", "ada@x.io", "name", "Ada", "score", 1));
    private final Item alan = Item.of(Map.of("email", "alan@x.io", "name", "Alan"));
    private final Item adaScore = Item.of(Map.of("email", "ada@x.io", "score", 99));
    private final Item grace = Item.of(Map.of("email", "grace@x.io", "score", 5));
    private final NodeInput input = new NodeInput(Map.of("input1", List.of(ada, alan), "input2", List.of(adaScore, grace)));

    @Test
    void hasTwoInputsAndOneOutput() {
        assertThat(node.descriptor().typeId()).isEqualTo("core.merge");
        assertThat(node.descriptor().inputs()).extracting(p -> p.name()).containsExactly("input1", "input2");
        assertThat(node.descriptor().outputs()).extracting(p -> p.name()).containsExactly("main");
    }

    @Test
    void appendsInput1ThenInput2() {
        NodeResult result = NodeRunner.run(node, input, TestContext.builder().build());

        assertThat(NodeRunner.itemsOn(result, "main")).containsExactly(ada, alan, adaScore, grace);
    }

    @Test
    void combinesItemsWithEqualFieldValuesInput2Winning() {
        NodeResult result = NodeRunner.run(node, input,
                TestContext.builder().config("mode", "combineByField").config("field", "email").build());

        assertThat(NodeRunner.itemsOn(result, "main")).containsExactly(
                Item.of(Map.of("email", "ada@x.io", "name", "Ada", "score", 99)), alan, grace);
    }

    @Test
    void canDropUnmatchedItems() {
        NodeResult result = NodeRunner.run(node, input, TestContext.builder().config("mode", "combineByField")
                .config("field", "email").config("keepUnmatched", false).build());

        assertThat(NodeRunner.itemsOn(result, "main")).containsExactly(
                Item.of(Map.of("email", "ada@x.io", "name", "Ada", "score", 99)));
    }

    @Test
    void matchesNumbersByValue() {
        NodeInput numbers = new NodeInput(Map.of("input1", List.of(Item.of(Map.of("id", 7, "a", 1))),
                "input2", List.of(Item.of(Map.of("id", 7.0, "b", 2)))));

        NodeResult result = NodeRunner.run(node, numbers, TestContext.builder().config("mode", "combineByField")
                .config("field", "id").config("keepUnmatched", false).build());

        assertThat(NodeRunner.itemsOn(result, "main")).containsExactly(Item.of(Map.of("id", 7.0, "a", 1, "b", 2)));
    }

    @Test
    void combineNeedsAField() {
        NodeResult result = NodeRunner.run(node, input, TestContext.builder().config("mode", "combineByField").build());

        assertThat(result).isInstanceOfSatisfying(NodeResult.Failure.class,
                failure -> assertThat(failure.retryable()).isFalse());
    }
}
