package io.leadflow.plugins.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.api.channel.ChannelException;
import io.leadflow.api.channel.SendOptions;
import io.leadflow.api.node.Item;
import io.leadflow.api.node.NodeResult;
import io.leadflow.api.node.Port;
import io.leadflow.testkit.NodeRunner;
import io.leadflow.testkit.RecordingMessages;
import io.leadflow.testkit.TestContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SendMessageNodeTest {
    private final SendMessageNode node = new SendMessageNode();

    @Test
    void sendsToEachItemsLeadWithAKeyPerItemStableAcrossRetries() {
        TestContext context = TestContext.builder().ids("wf", "ex", "send")
                .config(Map.of("channel", "sms", "text", "Hi there")).build();

        NodeResult result = NodeRunner.run(node, List.of(Item.of(Map.of("leadId", "l-1")), Item.of(Map.of("id", "l-2"))),
                context);

        assertThat(context.messages().sent()).containsExactly(
                new RecordingMessages.Sent("l-1", "sms", null, "Hi there", null, "ex:send:1:0", SendOptions.none()),
                new RecordingMessages.Sent("l-2", "sms", null, "Hi there", null, "ex:send:1:1", SendOptions.none()));
        List<Item> out = NodeRunner.itemsOn(result, Port.MAIN);
        assertThat(out).hasSize(2);
        assertThat(out.get(0).get("leadId")).isEqualTo("l-1");
        assertThat(out.get(0).get("message")).isEqualTo(Map.of("providerMessageId", "test-1", "status", "queued",
                "channel", "sms"));
    }

    @Test
    void theConfiguredLeadWinsOverTheItem() {
        TestContext context = TestContext.builder()
                .config(Map.of("leadId", "l-9", "channel", "mailgun.email", "subject", "S", "text", "T", "html", "<p>T</p>"))
                .build();

        NodeRunner.run(node, List.of(Item.of(Map.of("leadId", "l-1"))), context);

        assertThat(context.messages().sent()).singleElement()
                .satisfies(sent -> {
                    assertThat(sent.leadId()).isEqualTo("l-9");
                    assertThat(sent.channel()).isEqualTo("mailgun.email");
                    assertThat(sent.subject()).isEqualTo("S");
                    assertThat(sent.html()).isEqualTo("<p>T</p>");
                });
    }

    @Test
    void anOptedOutLeadFailsTheNodePermanentlyWithTheKernelsReason() {
        RecordingMessages refusing = new RecordingMessages().refuseWith(new ChannelException(
                "lead l-1 opted out of sms (2030-01-01T00:00:00Z, inbound:sms)", false, "opted_out"));
        TestContext context = TestContext.builder().messages(refusing).config(Map.of("channel", "sms", "text", "Hi"))
                .build();

        NodeResult result = NodeRunner.run(node, List.of(Item.of(Map.of("leadId", "l-1"))), context);

        assertThat(result).isEqualTo(new NodeResult.Failure("lead l-1 opted out of sms (2030-01-01T00:00:00Z, inbound:sms)",
                false, "opted_out", Map.of()));
    }

    @Test
    void aProviderOutageIsRetryable() {
        RecordingMessages refusing = new RecordingMessages().refuseWith(new ChannelException("rate limited", true,
                "rate_limited"));
        TestContext context = TestContext.builder().messages(refusing).config(Map.of("text", "Hi")).build();

        NodeResult result = NodeRunner.run(node, List.of(Item.of(Map.of("leadId", "l-1"))), context);

        assertThat(result).isInstanceOfSatisfying(NodeResult.Failure.class, failure -> {
            assertThat(failure.retryable()).isTrue();
            assertThat(failure.code()).isEqualTo("rate_limited");
        });
    }

    @Test
    void anItemWithoutALeadIsAPermanentFailureAndNothingIsSent() {
        TestContext context = TestContext.builder().config(Map.of("text", "Hi")).build();

        NodeResult result = NodeRunner.run(node, List.of(Item.of(Map.of("name", "Ada"))), context);

        assertThat(result).isInstanceOfSatisfying(NodeResult.Failure.class, failure -> {
            assertThat(failure.retryable()).isFalse();
            assertThat(failure.code()).isEqualTo("no_lead");
        });
        assertThat(context.messages().sent()).isEmpty();
    }

    @Test
    void aMessageTagTravelsAsASendOption() {
        TestContext context = TestContext.builder().ids("wf", "ex", "send")
                .config(Map.of("channel", "messenger", "text", "Your order shipped", "tag", "POST_PURCHASE_UPDATE")).build();
        NodeRunner.run(node, List.of(Item.of(Map.of("leadId", "l-1"))), context);
        RecordingMessages.Sent sent = context.messages().sent().get(0);
        assertThat(sent.options().tag()).contains("POST_PURCHASE_UPDATE");
        assertThat(sent.options().outsideWindowAllowed()).isTrue();
        assertThat(sent.text()).isEqualTo("Your order shipped");
    }
}
