package io.leadflow.plugins.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.api.node.Item;
import io.leadflow.api.trigger.KernelEvent;
import io.leadflow.testkit.TestContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LeadTriggersTest {
    private static final Instant AT = Instant.parse("2030-01-01T00:00:00Z");

    private static Optional<List<Item>> fire(LeadEventTrigger trigger, Map<String, Object> config, String type,
                                             Map<String, Object> data) {
        return trigger.onEvent(new KernelEvent(type, data, AT), TestContext.builder().config(config).build()
                .asTriggerContext());
    }

    @Test
    void leadCreatedEmitsTheEventDataAsOneItem() {
        assertThat(new LeadCreatedTrigger().eventTypes()).containsExactly("lead.created");
        Optional<List<Item>> items = fire(new LeadCreatedTrigger(), Map.of(), "lead.created", Map.of("leadId", "l-1"));

        assertThat(items).hasValueSatisfying(list -> assertThat(list).containsExactly(
                Item.of(Map.of("leadId", "l-1", "event", "lead.created", "at", "2030-01-01T00:00:00Z"))));
        assertThat(fire(new LeadCreatedTrigger(), Map.of(), "lead.updated", Map.of("leadId", "l-1"))).isEmpty();
    }

    @Test
    void leadUpdatedFiltersOnTheChangedFields() {
        Map<String, Object> statusChanged = Map.of("leadId", "l-1", "fields", List.of("status"));

        assertThat(fire(new LeadUpdatedTrigger(), Map.of(), "lead.updated", statusChanged)).isPresent();
        assertThat(fire(new LeadUpdatedTrigger(), Map.of("fields", "tags, status"), "lead.updated", statusChanged))
                .isPresent();
        assertThat(fire(new LeadUpdatedTrigger(), Map.of("fields", "consent"), "lead.updated", statusChanged)).isEmpty();
    }

    @Test
    void tagAddedFiltersOnTheTag() {
        Map<String, Object> hot = Map.of("leadId", "l-1", "tag", "hot");

        assertThat(fire(new TagAddedTrigger(), Map.of(), "lead.tag-added", hot)).isPresent();
        assertThat(fire(new TagAddedTrigger(), Map.of("tags", "vip,hot"), "lead.tag-added", hot)).isPresent();
        assertThat(fire(new TagAddedTrigger(), Map.of("tags", "vip"), "lead.tag-added", hot)).isEmpty();
    }

    @Test
    void messageReceivedFiltersOnTheMedium() {
        Map<String, Object> sms = Map.of("leadId", "l-1", "medium", "sms", "text", "yes");

        assertThat(fire(new MessageReceivedTrigger(), Map.of(), "message.received", sms))
                .hasValueSatisfying(list -> assertThat(list.get(0).get("text")).isEqualTo("yes"));
        assertThat(fire(new MessageReceivedTrigger(), Map.of("medium", "sms"), "message.received", sms)).isPresent();
        assertThat(fire(new MessageReceivedTrigger(), Map.of("medium", "email"), "message.received", sms)).isEmpty();
    }
}
