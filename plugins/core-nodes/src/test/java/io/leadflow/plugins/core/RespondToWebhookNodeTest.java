package io.leadflow.plugins.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.api.node.Item;
import io.leadflow.api.node.NodeResult;
import io.leadflow.testkit.NodeRunner;
import io.leadflow.testkit.TestContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RespondToWebhookNodeTest {
    private final RespondToWebhookNode node = new RespondToWebhookNode();
    private final List<Item> items = List.of(Item.of(Map.of("lead", "l-1")), Item.of(Map.of("lead", "l-2")));

    @Test
    void hasMainAndResponseOutputs() {
        assertThat(node.descriptor().typeId()).isEqualTo("core.respond");
        assertThat(node.descriptor().outputs()).extracting(p -> p.name()).containsExactly("main", "response");
        assertThat(RespondToWebhookNode.STATUS_CODE.defaultValue()).isEqualTo(200);
    }

    @Test
    void passesItemsOnAndEmitsTheResponse() {
        NodeResult result = NodeRunner.run(node, items, TestContext.builder()
                .config("statusCode", 201)
                .config("body", Map.of("received", true))
                .config("headers", Map.of("X-Request-Id", "r-1", "X-Count", 2))
                .build());

        assertThat(NodeRunner.itemsOn(result, "main")).isEqualTo(items);
        assertThat(NodeRunner.itemsOn(result, "response")).containsExactly(Item.of(Map.of("response", Map.of(
                "status", 201,
                "headers", Map.of("X-Request-Id", "r-1", "X-Count", "2"),
                "body", Map.of("received", true)))));
    }

    @Test
    void defaultsToAnEmpty200() {
        NodeResult result = NodeRunner.run(node, items, TestContext.builder().build());

        Map<?, ?> response = (Map<?, ?>) NodeRunner.itemsOn(result, "response").get(0).get("response");
        assertThat(response.get("status")).isEqualTo(200);
        assertThat(response.get("headers")).isEqualTo(Map.of());
        assertThat(response.get("body")).isNull();
    }

    @Test
    void refusesBadHeadersOrStatus() {
        for (Map<String, Object> config : List.of(Map.<String, Object>of("headers", List.of(1)),
                Map.<String, Object>of("headers", "{nope"), Map.<String, Object>of("statusCode", 42))) {
            assertThat(NodeRunner.run(node, items, TestContext.builder().config(config).build())).as(config.toString())
                    .isInstanceOfSatisfying(NodeResult.Failure.class, failure -> assertThat(failure.retryable()).isFalse());
        }
    }
}
