package io.leadflow.plugins.vapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.api.channel.ChannelException;
import io.leadflow.api.node.Item;
import io.leadflow.api.node.NodeResult;
import io.leadflow.testkit.NodeRunner;
import io.leadflow.testkit.RecordingMessages;
import io.leadflow.testkit.TestContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallAndWaitNodeTest {
    private final CallAndWaitNode node = new CallAndWaitNode();

    @Test
    void callsThroughTheKernelAndWaitsForTheCallsEndRoutedByOutcome() {
        TestContext context = TestContext.builder().ids("wf", "ex", "call")
                .config(Map.of("variables", Map.of("firstName", "Ada"), "timeoutAmount", 2.0, "timeoutUnit", "hours"))
                .build();
        NodeResult result = NodeRunner.run(node, List.of(Item.of(Map.of("leadId", "l-1"))), context);

        RecordingMessages.Sent sent = context.messages().sent().get(0);
        assertThat(sent.channel()).isEqualTo(VapiChannel.CHANNEL_ID);
        assertThat(sent.leadId()).isEqualTo("l-1");
        assertThat(sent.options().variables()).containsEntry("firstName", "Ada");
        assertThat(result).isInstanceOfSatisfying(NodeResult.WaitForEvent.class, wait -> {
            assertThat(wait.eventType()).isEqualTo("call.ended");
            assertThat(wait.correlationKey()).isEqualTo("test-1");
            assertThat(wait.receivedPort()).isEqualTo("{outcome}");
            assertThat(wait.timeoutPort()).isEqualTo("timeout");
            assertThat(wait.timeout()).isEqualTo(Duration.ofHours(2));
            assertThat(wait.then().get(0).get("call")).isEqualTo(Map.of("callId", "test-1", "status", "queued"));
        });
        assertThat(node.descriptor().outputs()).extracting(port -> port.name())
                .containsExactly("answered", "no-answer", "voicemail", "busy", "failed", "timeout");
    }

    @Test
    void aRefusedCallOrBadVariablesFailWithTheReason() {
        RecordingMessages refusing = new RecordingMessages().refuseWith(new ChannelException(
                "lead l-1 has not opted in to voice", false, "no_consent"));
        NodeResult refused = NodeRunner.run(node, List.of(Item.of(Map.of("leadId", "l-1"))),
                TestContext.builder().messages(refusing).build());
        assertThat(refused).isInstanceOfSatisfying(NodeResult.Failure.class, failure -> {
            assertThat(failure.code()).isEqualTo("no_consent");
            assertThat(failure.retryable()).isFalse();
        });
        NodeResult bad = NodeRunner.run(node, List.of(Item.of(Map.of("leadId", "l-1"))),
                TestContext.builder().config(Map.of("variables", List.of("x"))).build());
        assertThat(bad).isInstanceOfSatisfying(NodeResult.Failure.class,
                failure -> assertThat(failure.code()).isEqualTo("invalid_config"));
        NodeResult nobody = NodeRunner.run(node, List.of(Item.of(Map.of("name", "x"))), TestContext.builder().build());
        assertThat(nobody).isInstanceOfSatisfying(NodeResult.Failure.class,
                failure -> assertThat(failure.code()).isEqualTo("no_lead"));
    }
}
