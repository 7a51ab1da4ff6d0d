package io.leadflow.plugins.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.api.node.Item;
import io.leadflow.api.node.NodeResult;
import io.leadflow.api.node.Port;
import io.leadflow.testkit.InMemoryLeads;
import io.leadflow.testkit.NodeRunner;
import io.leadflow.testkit.TestContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeadNodesTest {
    private final InMemoryLeads leads = new InMemoryLeads();

    private TestContext context(Map<String, Object> config) {
        return TestContext.builder().leads(leads).config(config).build();
    }

    private String seed(String email, List<String> tags) {
        return leads.upsert(Map.of("emails", List.of(email), "tags", tags)).toCompletableFuture().join().get("id")
                .toString();
    }

    @Test
    void upsertUsesTheItemAsFieldsAndDedupesOnEmail() {
        String existing = seed("ada@example.com", List.of());

        NodeResult result = NodeRunner.run(new UpsertLeadNode(), List.of(
                Item.of(Map.of("firstName", "Ada", "emails", List.of("ada@example.com"))),
                Item.of(Map.of("firstName", "Bob", "emails", List.of("bob@example.com")))), context(Map.of()));

        List<Item> out = NodeRunner.itemsOn(result, Port.MAIN);
        assertThat(out.get(0).get("id")).isEqualTo(existing);
        assertThat(out.get(0).get("firstName")).isEqualTo("Ada");
        assertThat(out.get(1).get("id")).isNotEqualTo(existing);
        assertThat(leads.all()).hasSize(2);
    }

    @Test
    void upsertUsesConfiguredFieldsAndRefusesOtherJson() {
        NodeResult result = NodeRunner.run(new UpsertLeadNode(), List.of(Item.of(Map.of("x", 1))),
                context(Map.of("fields", "{\"firstName\":\"Cy\",\"emails\":[\"cy@example.com\"]}")));
        assertThat(NodeRunner.itemsOn(result, Port.MAIN).get(0).get("firstName")).isEqualTo("Cy");

        NodeResult bad = NodeRunner.run(new UpsertLeadNode(), List.of(Item.of(Map.of())), context(Map.of("fields", "[1")));
        assertThat(bad).isInstanceOfSatisfying(NodeResult.Failure.class, f -> assertThat(f.code()).isEqualTo("invalid_config"));
    }

    @Test
    void findSplitsFoundLeadsFromItemsWithoutOne() {
        String id = seed("ada@example.com", List.of());

        NodeResult result = NodeRunner.run(new FindLeadNode(), List.of(Item.of(Map.of("email", "ada@example.com")),
                Item.of(Map.of("email", "nobody@example.com")), Item.of(Map.of("name", "no email"))),
                context(Map.of("by", "email")));

        assertThat(NodeRunner.itemsOn(result, FindLeadNode.FOUND)).extracting(item -> item.get("id")).containsExactly(id);
        assertThat(NodeRunner.itemsOn(result, FindLeadNode.NOT_FOUND)).hasSize(2);

        NodeResult byId = NodeRunner.run(new FindLeadNode(), List.of(Item.of(Map.of("leadId", id))),
                context(Map.of("by", "id")));
        assertThat(NodeRunner.itemsOn(byId, FindLeadNode.FOUND)).hasSize(1);
    }

    @Test
    void tagsAreAddedOnceAndRemoved() {
        String id = seed("ada@example.com", List.of("old"));

        NodeResult added = NodeRunner.run(new AddTagNode(), List.of(Item.of(Map.of("leadId", id))),
                context(Map.of("tags", "hot, old ,vip")));
        assertThat(NodeRunner.itemsOn(added, Port.MAIN).get(0).get("tags")).isEqualTo(List.of("old", "hot", "vip"));

        NodeResult removed = NodeRunner.run(new RemoveTagNode(), List.of(Item.of(Map.of("id", id))),
                context(Map.of("tags", "old,absent")));
        assertThat(NodeRunner.itemsOn(removed, Port.MAIN).get(0).get("tags")).isEqualTo(List.of("hot", "vip"));
    }

    @Test
    void taggingAMissingLeadIsAPermanentFailure() {
        NodeResult result = NodeRunner.run(new AddTagNode(), List.of(Item.of(Map.of("leadId", "nope"))),
                context(Map.of("tags", "hot")));

        assertThat(result).isInstanceOfSatisfying(NodeResult.Failure.class, failure -> {
            assertThat(failure.retryable()).isFalse();
            assertThat(failure.message()).contains("nope");
        });
    }

    @Test
    void setConsentWritesTheChannelsConsentWithItsSource() {
        String id = seed("ada@example.com", List.of());

        NodeResult result = NodeRunner.run(new SetConsentNode(), List.of(Item.of(Map.of("leadId", id))),
                context(Map.of("channel", "sms", "state", "opted_out", "source", "call centre")));

        assertThat(NodeRunner.itemsOn(result, Port.MAIN).get(0).get("consent"))
                .isEqualTo(Map.of("sms", Map.of("state", "opted_out", "source", "call centre")));
        Object written = leads.find(id).toCompletableFuture().join().orElseThrow();
        NodeResult again = NodeRunner.run(new SetConsentNode(), List.of(Item.of(Map.of("leadId", id))),
                context(Map.of("channel", "sms", "state", "opted_out", "source", "call centre")));
        assertThat(NodeRunner.itemsOn(again, Port.MAIN).get(0).get("id")).isEqualTo(id);
        assertThat(leads.find(id).toCompletableFuture().join().orElseThrow()).as("unchanged, not rewritten")
                .isSameAs(written);
    }
}
