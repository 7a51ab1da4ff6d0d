package io.leadflow.plugins.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.api.node.Item;
import io.leadflow.api.node.NodeResult;
import io.leadflow.testkit.NodeRunner;
import io.leadflow.testkit.TestContext;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WaitNodeTest {
    private static final Instant NOW = Instant.parse("2030-01-10T12:00:00Z");
    private final WaitNode node = new WaitNode(Clock.fixed(NOW, ZoneOffset.UTC));
    private final List<Item> items = List.of(Item.of(Map.of("lead", "l-1")));

    @Test
    void describesAWait() {
        assertThat(node.descriptor().typeId()).isEqualTo("core.wait");
        assertThat(WaitNode.MODE.allowedValues()).containsExactly("duration", "until");
        assertThat(WaitNode.UNIT.allowedValues()).containsExactly("seconds", "minutes", "hours", "days");
        assertThat(new WaitNode().descriptor()).isSameAs(node.descriptor());
    }

    @Test
    void waitsForADurationAndKeepsTheItems() {
        NodeResult result = run(Map.of("mode", "duration", "amount", 2, "unit", "days"));

        assertThat(result).isEqualTo(new NodeResult.WaitUntil(Instant.parse("2030-01-12T12:00:00Z"), items));
    }

    @Test
    void aFractionalAmountIsHonoured() {
        assertThat(run(Map.of("amount", 1.5, "unit", "hours")))
                .isEqualTo(new NodeResult.WaitUntil(Instant.parse("2030-01-10T13:30:00Z"), items));
    }

    @Test
    void waitsUntilAnInstant() {
        assertThat(run(Map.of("mode", "until", "until", "2030-02-01T09:00:00+01:00")))
                .isEqualTo(new NodeResult.WaitUntil(Instant.parse("2030-02-01T08:00:00Z"), items));
    }

    @Test
    void refusesAnInstantInThePast() {
        assertThat(run(Map.of("mode", "until", "until", "2030-01-10T11:59:59Z")))
                .isInstanceOfSatisfying(NodeResult.Failure.class, failure -> {
                    assertThat(failure.retryable()).isFalse();
                    assertThat(failure.code()).isEqualTo("wait_in_past");
                });
    }

    @Test
    void refusesWaitsOverAYear() {
        for (Map<String, Object> config : List.of(Map.<String, Object>of("amount", 366, "unit", "days"),
                Map.<String, Object>of("amount", 1e300, "unit", "days"),
                Map.<String, Object>of("mode", "until", "until", "2031-01-11T12:00:00Z"))) {
            assertThat(run(config)).as(config.toString()).isInstanceOfSatisfying(NodeResult.Failure.class, failure -> {
                assertThat(failure.retryable()).isFalse();
                assertThat(failure.code()).isEqualTo("wait_too_long");
            });
        }
        assertThat(run(Map.of("amount", 365, "unit", "days"))).isInstanceOf(NodeResult.WaitUntil.class);
    }

    @Test
    void refusesAnUnreadableOrNegativeWait() {
        for (Map<String, Object> config : List.of(Map.<String, Object>of("mode", "until", "until", "next tuesday"),
                Map.<String, Object>of("mode", "until"), Map.<String, Object>of("amount", -1))) {
            assertThat(run(config)).as(config.toString()).isInstanceOfSatisfying(NodeResult.Failure.class,
                    failure -> assertThat(failure.code()).isEqualTo("invalid_wait"));
        }
    }

    private NodeResult run(Map<String, Object> config) {
        return NodeRunner.run(node, items, TestContext.builder().config(config).build());
    }
}
