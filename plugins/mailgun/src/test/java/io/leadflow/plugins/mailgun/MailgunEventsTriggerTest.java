package io.leadflow.plugins.mailgun;

import static io.leadflow.plugins.mailgun.MailgunRequests.CLOCK;
import static io.leadflow.plugins.mailgun.MailgunRequests.NOW;
import static io.leadflow.plugins.mailgun.MailgunRequests.SIGNING_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.api.node.Item;
import io.leadflow.api.node.NodeKind;
import io.leadflow.api.trigger.WebhookOutcome;
import io.leadflow.api.trigger.WebhookRequest;
import io.leadflow.api.trigger.WebhookRoute;
import io.leadflow.testkit.InMemoryState;
import io.leadflow.testkit.TestContext;
import io.leadflow.testkit.TestCredential;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

class MailgunEventsTriggerTest {
    private final MailgunEventsTrigger trigger = new MailgunEventsTrigger(CLOCK);
    private final InMemoryState state = new InMemoryState();

    private TestContext context(List<String> events) {
        return TestContext.builder().ids("wf-1", "ex-1", "node-1")
                .credential(MailgunRequests.credential("http://127.0.0.1:9"))
                .state(state)
                .config("events", events)
                .build();
    }

    private WebhookOutcome receive(WebhookRequest request, TestContext context) throws Exception {
        return trigger.receive(request, context.asTriggerContext()).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private WebhookOutcome receive(WebhookRequest request) throws Exception {
        return receive(request, context(List.of()));
    }

    private static Map<String, Object> startedItem(WebhookOutcome outcome) {
        assertThat(outcome).isInstanceOf(WebhookOutcome.Start.class);
        List<Item> items = ((WebhookOutcome.Start) outcome).items();
        assertThat(items).hasSize(1);
        return items.get(0).json();
    }

    @Test
    void describesAnEmailWebhookTrigger() {
        assertThat(trigger.descriptor().typeId()).isEqualTo("mailgun.events");
        assertThat(trigger.descriptor().kind()).isEqualTo(NodeKind.TRIGGER);
        assertThat(trigger.descriptor().credentialTypes()).containsExactly("mailgun.api-key");
        assertThat(trigger.descriptor().properties()).containsExactly(MailgunEventsTrigger.EVENTS);
    }

    @Test
    void listensOnARoutePerWorkflowAndNode() {
        WebhookRoute route = trigger.route(context(List.of()).asTriggerContext());

        assertThat(route.path()).isEqualTo("mailgun/wf-1/node-1");
        assertThat(route.methods()).isEqualTo(Set.of("POST"));
    }

    @Test
    void startsARunForASignedEvent() throws Exception {
        Map<String, Object> item = startedItem(receive(MailgunRequests.event("delivered")));

        assertThat(item).containsEntry("event", "delivered")
                .containsEntry("recipient", "alice@example.com")
                .containsEntry("messageId", "20260302095900.1.ABC@mg.example.com")
                .containsEntry("timestamp", 1772445600.372891)
                .containsEntry("userVariables", Map.of("leadId", "lead-42"));
        assertThat(item.get("eventData")).asInstanceOf(InstanceOfAssertFactories.MAP)
                .containsEntry("id", "CCXMjJ7nQi2N3BPigGOdgQ").containsKey("message");
    }

    @Test
    void userVariablesSentAsAnEmptyListBecomeAnEmptyObject() throws Exception {
        WebhookRequest event = MailgunRequests.event("opened");
        String body = event.bodyText().replace("\"user-variables\": {\"leadId\": \"lead-42\"}", "\"user-variables\": []");

        Map<String, Object> item = startedItem(receive(MailgunRequests.request("application/json",
                body.getBytes(StandardCharsets.UTF_8))));

        assertThat(item).containsEntry("userVariables", Map.of());
    }

    @Test
    void refusesAForgedEvent() throws Exception {
        WebhookOutcome outcome = receive(MailgunRequests.event("delivered", NOW, "guessed-key",
                MailgunRequests.newToken()));

        assertThat(outcome).isEqualTo(WebhookOutcome.reject(401, "invalid signature"));
    }

    @Test
    void refusesAnEventWithoutSignature() throws Exception {
        WebhookRequest unsigned = MailgunRequests.request("application/json",
                "{\"event-data\":{\"event\":\"delivered\"}}".getBytes(StandardCharsets.UTF_8));

        assertThat(receive(unsigned)).isEqualTo(WebhookOutcome.reject(401, "missing signature"));
    }

    @Test
    void refusesAStaleEvent() throws Exception {
        WebhookOutcome outcome = receive(MailgunRequests.event("delivered", NOW.minus(Duration.ofMinutes(6)),
                SIGNING_KEY, MailgunRequests.newToken()));

        assertThat(outcome).isEqualTo(WebhookOutcome.reject(401, "stale timestamp"));
    }

    @Test
    void refusesAReplayedToken() throws Exception {
        WebhookRequest event = MailgunRequests.event("delivered");

        assertThat(receive(event)).isInstanceOf(WebhookOutcome.Start.class);
        assertThat(receive(event)).isEqualTo(WebhookOutcome.reject(409, "replayed"));
    }

    @Test
    void theSameTokenOnAnotherTriggerIsNotAReplay() throws Exception {
        WebhookRequest event = MailgunRequests.event("delivered");
        TestContext other = TestContext.builder().ids("wf-2", "ex-1", "node-1")
                .credential(MailgunRequests.credential("http://127.0.0.1:9")).state(state).build();

        assertThat(receive(event)).isInstanceOf(WebhookOutcome.Start.class);
        assertThat(receive(event, other)).isInstanceOf(WebhookOutcome.Start.class);
    }

    @Test
    void ignoresEventsTheTriggerIsNotConfiguredFor() throws Exception {
        TestContext onlyFailures = context(List.of("failed", "complained"));

        WebhookOutcome opened = receive(MailgunRequests.event("opened"), onlyFailures);
        WebhookOutcome failed = receive(MailgunRequests.event("failed"), onlyFailures);

        assertThat(opened).isEqualTo(new WebhookOutcome.Reply(200, "text/plain", "ignored"));
        assertThat(startedItem(failed)).containsEntry("event", "failed");
    }

    @Test
    void startsARunForInboundMail() throws Exception {
        Map<String, Object> item = startedItem(receive(MailgunRequests.inbound(), context(List.of("inbound"))));

        assertThat(item).isEqualTo(Map.of(
                "event", "inbound",
                "from", "Alice Example <alice@example.com>",
                "recipient", "sales@mg.example.com",
                "subject", "Re: Your quote",
                "text", "Yes, let's talk. Grüße\n\n> On Monday Sales wrote:\n> Your quote",
                "strippedText", "Yes, let's talk. Grüße",
                "messageId", "<CAF=alice-reply@mail.example.com>",
                "inReplyTo", "<20260302095900.1.ABC@mg.example.com>"));
    }

    @Test
    void inboundMailIsFilteredLikeEvents() throws Exception {
        WebhookOutcome outcome = receive(MailgunRequests.inbound(), context(List.of("delivered")));

        assertThat(outcome).isEqualTo(new WebhookOutcome.Reply(200, "text/plain", "ignored"));
    }

    @Test
    void refusesAForgedInboundPost() throws Exception {
        WebhookOutcome outcome = receive(MailgunRequests.inbound(NOW, "guessed-key", MailgunRequests.newToken()));

        assertThat(outcome).isEqualTo(WebhookOutcome.reject(401, "invalid signature"));
    }

    @Test
    void refusesMalformedJson() throws Exception {
        WebhookRequest broken = MailgunRequests.request("application/json",
                "{\"signature\":".getBytes(StandardCharsets.UTF_8));

        WebhookOutcome outcome = receive(broken);

        assertThat(outcome).isInstanceOfSatisfying(WebhookOutcome.Reject.class,
                reject -> assertThat(reject.status()).isEqualTo(400));
    }

    @Test
    void refusesEverythingWhenNoSigningKeyIsConfigured() throws Exception {
        TestContext noKey = TestContext.builder().credential(TestCredential.of("mailgun.api-key",
                Map.of("apiKey", "k", "domain", "mg.example.com"))).build();

        WebhookOutcome outcome = receive(MailgunRequests.event("delivered"), noKey);

        assertThat(outcome).isInstanceOfSatisfying(WebhookOutcome.Reject.class, reject -> {
            assertThat(reject.status()).isEqualTo(401);
            assertThat(reject.reason()).contains("signing key");
        });
    }
}
