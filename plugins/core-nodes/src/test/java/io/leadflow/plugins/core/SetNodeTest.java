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

class SetNodeTest {
    private final SetNode node = new SetNode();
    private final List<Item> items = List.of(Item.of(Map.of("first", "Ada", "last", "Lovelace", "score", 40)),
            Item.of(Map.of("first", "Alan", "last", "Turing", "score", 70)));

    @Test
    void describesAMappingAction() {
        assertThat(node.descriptor().typeId()).isEqualTo("core.set");
        assertThat(node.descriptor().properties()).filteredOn(Property::required).extracting(Property::id)
                .containsExactly("mappings");
        assertThat(SetNode.MODE.defaultValue()).isEqualTo("merge");
    }

    @Test
    void mergesComputedFieldsIntoEachItem() {
        NodeResult result = run(Map.of("mappings", Map.of("fullName", "first & ' ' & last", "score", "score * 2")));

        assertThat(NodeRunner.itemsOn(result, "main")).containsExactly(
                Item.of(Map.of("first", "Ada", "last", "Lovelace", "score", 80, "fullName", "Ada Lovelace")),
                Item.of(Map.of("first", "Alan", "last", "Turing", "score", 140, "fullName", "Alan Turing")));
    }

    @Test
    void replacesEachItemWithTheComputedFields() {
        NodeResult result = run(Map.of("mode", "replace", "mappings", Map.of("name", "$uppercase(first)")));

        assertThat(NodeRunner.itemsOn(result, "main")).containsExactly(Item.of(Map.of("name", "ADA")),
                Item.of(Map.of("name", "ALAN")));
    }

    @Test
    void acceptsMappingsWrittenAsJsonText() {
        NodeResult result = run(Map.of("mode", "replace", "mappings", "{\"hot\": \"score > 50\"}"));

        assertThat(NodeRunner.itemsOn(result, "main")).containsExactly(Item.of(Map.of("hot", false)),
                Item.of(Map.of("hot", true)));
    }

    @Test
    void aBadExpressionIsAPermanentFailureNamingTheField() {
        NodeResult result = run(Map.of("mappings", Map.of("ok", "first", "broken", "first &")));

        assertThat(result).isInstanceOfSatisfying(NodeResult.Failure.class, failure -> {
            assertThat(failure.retryable()).isFalse();
            assertThat(failure.code()).isEqualTo("expression_error");
            assertThat(failure.message()).startsWith("field 'broken': ").hasSizeGreaterThan("field 'broken': ".length());
        });
    }

    @Test
    void mappingsMustBeAnObjectOfExpressions() {
        assertThat(run(Map.of("mappings", List.of("a")))).isInstanceOf(NodeResult.Failure.class);
        assertThat(run(Map.of("mappings", Map.of("n", 3)))).isInstanceOfSatisfying(NodeResult.Failure.class,
                failure -> assertThat(failure.message()).contains("'n'"));
    }

    private NodeResult run(Map<String, Object> config) {
        return NodeRunner.run(node, items, TestContext.builder().config(config).build());
    }
}
