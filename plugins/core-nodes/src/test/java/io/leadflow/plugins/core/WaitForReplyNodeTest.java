package io.leadflow.plugins.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.api.node.Item;
import io.leadflow.api.node.NodeResult;
import io.leadflow.testkit.NodeRunner;
import io.leadflow.testkit.TestContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WaitForReplyNodeTest {
    private final WaitForReplyNode node = new WaitForReplyNode();
    private final List<Item> items = List.of(Item.of(Map.of("leadId", "l-1", "step", 1)));

    @Test
    void waitsForAMessageFromTheItemsLeadWithATimeoutBranch() {
        NodeResult result = NodeRunner.run(node, items, TestContext.builder().config(Map.of("amount", 3, "unit", "hours"))
                .build());

        assertThat(result).isEqualTo(new NodeResult.WaitForEvent("message.received", "l-1", Duration.ofHours(3),
                "received", "timeout", items));
        assertThat(node.descriptor().outputs()).extracting(port -> port.name()).containsExactly("received", "timeout");
    }

    @Test
    void defaultsToTwoDaysAndTheConfiguredLeadWins() {
        NodeResult result = NodeRunner.run(node, items, TestContext.builder().config(Map.of("leadId", "l-2")).build());

        assertThat(result).isEqualTo(new NodeResult.WaitForEvent("message.received", "l-2", Duration.ofDays(2),
                "received", "timeout", items));
    }

    @Test
    void aWaitOverAYearOrWithoutALeadFails() {
        assertThat(NodeRunner.run(node, items, TestContext.builder().config(Map.of("amount", 400, "unit", "days")).build()))
                .isInstanceOfSatisfying(NodeResult.Failure.class, f -> assertThat(f.code()).isEqualTo("invalid_wait"));
        assertThat(NodeRunner.run(node, List.of(Item.of(Map.of())), TestContext.builder().build()))
                .isInstanceOfSatisfying(NodeResult.Failure.class, f -> assertThat(f.code()).isEqualTo("no_lead"));
    }
}
