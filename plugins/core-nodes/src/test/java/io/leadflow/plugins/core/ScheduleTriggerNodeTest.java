package io.leadflow.plugins.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadflow.api.node.Item;
import io.leadflow.api.node.NodeKind;
import io.leadflow.api.node.Property;
import io.leadflow.api.trigger.Schedule;
import io.leadflow.testkit.TestContext;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScheduleTriggerNodeTest {
    private final ScheduleTriggerNode node = new ScheduleTriggerNode();

    @Test
    void describesATriggerWithARequiredCron() {
        assertThat(node.descriptor().typeId()).isEqualTo("core.schedule");
        assertThat(node.descriptor().kind()).isEqualTo(NodeKind.TRIGGER);
        assertThat(node.descriptor().properties()).filteredOn(Property::required).extracting(Property::id)
                .containsExactly("cron");
        assertThat(ScheduleTriggerNode.TIMEZONE.defaultValue()).isEqualTo("UTC");
    }

    @Test
    void acceptsAFiveFieldCronInAZone() {
        Schedule schedule = schedule(Map.of("cron", " 0  9 * * 1-5 ", "timezone", "Europe/Paris"));

        assertThat(schedule).isEqualTo(new Schedule("0 9 * * 1-5", ZoneId.of("Europe/Paris")));
    }

    @Test
    void defaultsToUtc() {
        assertThat(schedule(Map.of("cron", "*/15 * * * *")).zone()).isEqualTo(ZoneId.of("UTC"));
    }

    @Test
    void refusesAnInvalidCronWithAClearMessage() {
        for (String cron : List.of("0 9 * *", "61 * * * *", "0 9 * * * *", "every day")) {
            assertThatThrownBy(() -> schedule(Map.of("cron", cron))).as(cron)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("invalid cron expression")
                    .hasMessageContaining("minute hour day-of-month month day-of-week");
        }
    }

    @Test
    void refusesAnEmptyCron() {
        assertThatThrownBy(() -> schedule(Map.of("cron", " "))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs a cron expression");
    }

    @Test
    void refusesAnUnknownZoneWithAClearMessage() {
        assertThatThrownBy(() -> schedule(Map.of("cron", "0 9 * * *", "timezone", "Mars/Olympus")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid time zone 'Mars/Olympus'");
    }

    @Test
    void firesWithTheScheduledTimeInItsZone() {
        TestContext context = TestContext.builder().config("cron", "0 9 * * *").config("timezone", "Europe/Paris").build();

        List<Item> items = node.fire(Instant.parse("2030-01-15T08:00:00Z"), context.asTriggerContext());

        assertThat(items).singleElement().satisfies(item -> {
            assertThat(item.get("scheduledAt")).isEqualTo("2030-01-15T08:00:00Z");
            assertThat(item.get("timezone")).isEqualTo("Europe/Paris");
            assertThat(item.get("localTime")).isEqualTo("2030-01-15T09:00");
        });
    }

    private Schedule schedule(Map<String, Object> config) {
        return node.schedule(TestContext.builder().config(config).build().asTriggerContext());
    }
}
