package io.leadflow.plugins.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.api.node.Item;
import io.leadflow.api.node.NodeResult;
import io.leadflow.testkit.NodeRunner;
import io.leadflow.testkit.TestContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SwitchNodeTest {
    private final SwitchNode node = new SwitchNode();

    @Test
    void hasFourCasesAndAFallback() {
        assertThat(node.descriptor().typeId()).isEqualTo("core.switch");
        assertThat(node.descriptor().outputs()).extracting(p -> p.name())
                .containsExactly("case1", "case2", "case3", "case4", "fallback");
        assertThat(node.descriptor().properties()).extracting(p -> p.id())
                .containsExactly("case1", "case2", "case3", "case4");
    }

    @Test
    void theFirstMatchingCaseWinsAndTheRestFallBack() {
        Item sms = Item.of(Map.of("channel", "sms", "score", 90));
        Item email = Item.of(Map.of("channel", "email", "score", 90));
        Item whatsapp = Item.of(Map.of("channel", "whatsapp", "score", 10));
        Item unknown = Item.of(Map.of("channel", "fax", "score", 10));

        NodeResult result = NodeRunner.run(node, List.of(sms, email, whatsapp, unknown), TestContext.builder()
                .config("case1", "channel = 'sms'")
                .config("case2", "score > 50")
                .config("case4", "channel = 'whatsapp'")
                .build());

        assertThat(NodeRunner.itemsOn(result, "case1")).containsExactly(sms);
        assertThat(NodeRunner.itemsOn(result, "case2")).containsExactly(email);
        assertThat(NodeRunner.itemsOn(result, "case3")).isEmpty();
        assertThat(NodeRunner.itemsOn(result, "case4")).containsExactly(whatsapp);
        assertThat(NodeRunner.itemsOn(result, "fallback")).containsExactly(unknown);
    }

    @Test
    void withNoCasesEverythingFallsBack() {
        Item item = Item.of(Map.of("a", 1));

        NodeResult result = NodeRunner.run(node, List.of(item), TestContext.builder().build());

        assertThat(NodeRunner.itemsOn(result, "fallback")).containsExactly(item);
    }

    @Test
    void aBadCaseIsAPermanentFailureNamingIt() {
        NodeResult result = NodeRunner.run(node, List.of(Item.of(Map.of())),
                TestContext.builder().config("case1", "false").config("case2", "((").build());

        assertThat(result).isInstanceOfSatisfying(NodeResult.Failure.class, failure -> {
            assertThat(failure.retryable()).isFalse();
            assertThat(failure.message()).startsWith("case2: ");
        });
    }
}
