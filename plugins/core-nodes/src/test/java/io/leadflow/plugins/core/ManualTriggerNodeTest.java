package io.leadflow.plugins.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.api.node.Item;
import io.leadflow.api.trigger.KernelEvent;
import io.leadflow.testkit.TestContext;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ManualTriggerNodeTest {
    private final ManualTriggerNode node = new ManualTriggerNode();

    @Test
    void listensToManualRuns() {
        assertThat(node.descriptor().typeId()).isEqualTo("core.manual");
        assertThat(node.descriptor().inputs()).isEmpty();
        assertThat(node.eventTypes()).containsExactly("workflow.manual-run");
    }

    @Test
    void anObjectPayloadIsOneItem() {
        assertThat(onEvent(Map.of("payload", Map.of("email", "ada@example.com"))))
                .contains(List.of(Item.of(Map.of("email", "ada@example.com"))));
    }

    @Test
    void aListPayloadIsSeveralItems() {
        Optional<List<Item>> items = onEvent(Map.of("payload", List.of(Map.of("n", 1), Map.of("n", 2), "x")));

        assertThat(items).contains(List.of(Item.of(Map.of("n", 1)), Item.of(Map.of("n", 2)), Item.of(Map.of("value", "x"))));
    }

    @Test
    void noPayloadIsOneEmptyItem() {
        assertThat(onEvent(Map.of())).contains(List.of(Item.of(Map.of())));
    }

    @Test
    void ignoresARunOfAnotherWorkflow() {
        Map<String, Object> data = new HashMap<>();
        data.put("workflowId", "wf-other");
        data.put("payload", Map.of("a", 1));

        assertThat(onEvent(data)).isEmpty();
        data.put("workflowId", "wf-1");
        assertThat(onEvent(data)).contains(List.of(Item.of(Map.of("a", 1))));
    }

    private Optional<List<Item>> onEvent(Map<String, Object> data) {
        return node.onEvent(new KernelEvent("workflow.manual-run", data, Instant.now()),
                TestContext.builder().build().asTriggerContext());
    }
}
