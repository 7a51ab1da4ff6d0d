package io.leadflow.plugins.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.api.channel.ChannelException;
import io.leadflow.api.channel.MessageTemplate;
import io.leadflow.api.node.Item;
import io.leadflow.api.node.NodeResult;
import io.leadflow.api.node.Port;
import io.leadflow.testkit.NodeRunner;
import io.leadflow.testkit.RecordingMessages;
import io.leadflow.testkit.TestContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SendTemplateNodeTest {
    private final SendTemplateNode node = new SendTemplateNode();

    @Test
    void sendsTheTemplateWithBodyParametersToEachLeadThroughTheKernel() {
        TestContext context = TestContext.builder().ids("wf", "ex", "tpl")
                .config(Map.of("template", "welcome_lead", "language", "de", "parameters", List.of("Ada", "Friday")))
                .build();
        NodeResult result = NodeRunner.run(node, List.of(Item.of(Map.of("leadId", "l-1"))), context);

        RecordingMessages.Sent sent = context.messages().sent().get(0);
        assertThat(sent.channel()).isEqualTo(WhatsAppChannel.CHANNEL_ID);
        assertThat(sent.leadId()).isEqualTo("l-1");
        assertThat(sent.idempotencyKey()).isEqualTo("ex:tpl:1:0");
        assertThat(sent.text()).isEqualTo("[WhatsApp template welcome_lead (de)] Ada, Friday");
        MessageTemplate template = sent.options().template().orElseThrow();
        assertThat(template.name()).isEqualTo("welcome_lead");
        assertThat(template.language()).isEqualTo("de");
        assertThat(template.components()).containsExactly(Map.of("type", "body", "parameters",
                List.of(Map.of("type", "text", "text", "Ada"), Map.of("type", "text", "text", "Friday"))));
        assertThat(sent.options().outsideWindowAllowed()).isTrue();
        assertThat(NodeRunner.itemsOn(result, Port.MAIN)).singleElement()
                .satisfies(item -> assertThat(item.get("message")).isEqualTo(Map.of("providerMessageId", "test-1",
                        "status", "queued", "channel", "whatsapp.message", "template", "welcome_lead")));
    }

    @Test
    void aBadTemplateNameOrARefusedSendFailsPermanentlyWithTheReason() {
        TestContext bad = TestContext.builder().config(Map.of("template", "Welcome Lead!", "language", "en_US")).build();
        NodeResult invalid = NodeRunner.run(node, List.of(Item.of(Map.of("leadId", "l-1"))), bad);
        assertThat(invalid).isInstanceOfSatisfying(NodeResult.Failure.class, failure -> {
            assertThat(failure.retryable()).isFalse();
            assertThat(failure.message()).contains("lower-case letters");
        });
        assertThat(bad.messages().sent()).isEmpty();

        RecordingMessages refusing = new RecordingMessages().refuseWith(new ChannelException(
                "lead l-1 has not opted in to whatsapp", false, "no_consent"));
        TestContext context = TestContext.builder().messages(refusing)
                .config(Map.of("template", "welcome_lead", "language", "en_US")).build();
        NodeResult refused = NodeRunner.run(node, List.of(Item.of(Map.of("leadId", "l-1"))), context);
        assertThat(refused).isInstanceOfSatisfying(NodeResult.Failure.class, failure -> {
            assertThat(failure.code()).isEqualTo("no_consent");
            assertThat(failure.message()).contains("opted in");
        });
    }
}
