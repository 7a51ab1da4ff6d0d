package io.leadflow.plugins.mailgun;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.api.node.Item;
import io.leadflow.api.node.NodeKind;
import io.leadflow.api.node.NodeResult;
import io.leadflow.api.node.Port;
import io.leadflow.api.node.RetryPolicy;
import io.leadflow.testkit.InMemoryState;
import io.leadflow.testkit.NodeRunner;
import io.leadflow.testkit.TestContext;
import io.leadflow.testkit.TestCredential;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SendEmailTest {
    private final SendEmail node = new SendEmail();
    private FakeMailgun mailgun;

    @BeforeEach
    void start() throws IOException {
        mailgun = FakeMailgun.start();
    }

    @AfterEach
    void stop() {
        mailgun.close();
    }

    private static Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("to", "alice@example.com");
        config.put("subject", "Your quote");
        config.put("text", "Hello Alice");
        config.put("html", "<p>Hello Alice</p>");
        config.put("tags", List.of("quote", "spring"));
        config.put("trackOpens", true);
        config.put("trackClicks", false);
        config.put("variables", Map.of("leadId", "lead-42", "score", 87));
        return config;
    }

    private TestContext.Builder context(Map<String, Object> config) {
        return TestContext.builder().ids("wf-1", "ex-7", "node-2")
                .credential(MailgunRequests.credential(mailgun.baseUrl()))
                .config(config);
    }

    private static Item item() {
        return Item.of(Map.of("email", "alice@example.com"));
    }

    @Test
    void describesAnEmailActionThatRetriesByDefault() {
        assertThat(node.descriptor().typeId()).isEqualTo("mailgun.send-email");
        assertThat(node.descriptor().kind()).isEqualTo(NodeKind.ACTION);
        assertThat(node.descriptor().category()).isEqualTo("Email");
        assertThat(node.descriptor().credentialTypes()).containsExactly("mailgun.api-key");
        assertThat(node.descriptor().retryPolicy()).isEqualTo(RetryPolicy.DEFAULT);
        assertThat(node.descriptor().outputs()).extracting(Port::name).containsExactly("main", "error");
        assertThat(SendEmail.TO.required()).isTrue();
        assertThat(SendEmail.TO.expressions()).isTrue();
    }

    @Test
    void sendsOneEmailAndEmitsItsReceipt() {
        NodeResult result = NodeRunner.run(node, List.of(item()), context(config()).build());

        List<Item> items = NodeRunner.itemsOn(result, "main");
        assertThat(items).hasSize(1);
        assertThat(items.get(0).json()).containsOnlyKeys("messageId", "status", "to")
                .containsEntry("status", "queued")
                .containsEntry("to", "alice@example.com");
        assertThat((String) items.get(0).get("messageId")).endsWith("@mg.example.com>");

        FakeMailgun.Received request = mailgun.last();
        assertThat(request.path()).isEqualTo("/v3/mg.example.com/messages");
        assertThat(request.header("Authorization")).isEqualTo(FakeMailgun.basicAuth(FakeMailgun.API_KEY));
        assertThat(request.header("Content-Type")).startsWith("application/x-www-form-urlencoded");
        assertThat(request.field("from")).containsExactly("Sales <sales@mg.example.com>");
        assertThat(request.field("to")).containsExactly("alice@example.com");
        assertThat(request.field("subject")).containsExactly("Your quote");
        assertThat(request.field("text")).containsExactly("Hello Alice");
        assertThat(request.field("html")).containsExactly("<p>Hello Alice</p>");
        assertThat(request.field("o:tag")).containsExactly("quote", "spring");
        assertThat(request.field("o:tracking-opens")).containsExactly("yes");
        assertThat(request.field("o:tracking-clicks")).containsExactly("no");
        assertThat(request.field("v:leadId")).containsExactly("lead-42");
        assertThat(request.field("v:score")).containsExactly("87");
        assertThat(request.field("h:X-LeadFlow-Idempotency-Key")).containsExactly("ex-7:node-2:1");
    }

    @Test
    void anExplicitSenderWinsOverTheDefault() {
        Map<String, Object> config = config();
        config.put("from", "Bob <bob@mg.example.com>");

        NodeRunner.run(node, List.of(item()), context(config).build());

        assertThat(mailgun.last().field("from")).containsExactly("Bob <bob@mg.example.com>");
    }

    @Test
    void sendsOncePerItemWithAnIdempotencyKeyPerItem() {
        NodeResult result = NodeRunner.run(node, List.of(item(), item(), item()), context(config()).build());

        assertThat(NodeRunner.itemsOn(result, "main")).hasSize(3)
                .extracting(sent -> sent.get("messageId")).doesNotHaveDuplicates();
        assertThat(mailgun.received()).extracting(request -> request.field("h:X-LeadFlow-Idempotency-Key").get(0))
                .containsExactly("ex-7:node-2:1:0", "ex-7:node-2:1:1", "ex-7:node-2:1:2");
    }

    @Test
    void aRetryDoesNotSendItemsThatMailgunAlreadyAccepted() {
        InMemoryState state = new InMemoryState();
        mailgun.answerNext(200, "application/json", "{\"id\":\"<first@mg.example.com>\",\"message\":\"Queued. Thank you.\"}")
                .answerNext(500, "text/plain", "Internal Server Error");

        NodeResult first = NodeRunner.run(node, List.of(item(), item()), context(config()).state(state).build());

        assertThat(first).isInstanceOfSatisfying(NodeResult.Failure.class, failure -> {
            assertThat(failure.retryable()).isTrue();
            assertThat(failure.code()).isEqualTo("provider_error");
            assertThat(failure.details()).containsEntry("sentBeforeFailure", 1);
        });

        NodeResult retry = NodeRunner.run(node, List.of(item(), item()),
                context(config()).state(state).attempt(2).build());

        assertThat(NodeRunner.itemsOn(retry, "main")).extracting(sent -> sent.get("messageId"))
                // the fake numbers the ids it makes itself; the scripted answers made none
                .containsExactly("<first@mg.example.com>", "<20260302100000.1@mg.example.com>");
        assertThat(mailgun.received()).extracting(request -> request.field("h:X-LeadFlow-Idempotency-Key").get(0))
                .containsExactly("ex-7:node-2:1:0", "ex-7:node-2:1:1", "ex-7:node-2:1:1");
    }

    @Test
    void aRateLimitIsARetryableFailure() {
        mailgun.answerNext(429, "application/json", "{\"message\":\"Too many requests\"}");

        NodeResult result = NodeRunner.run(node, List.of(item()), context(config()).build());

        assertThat(result).isInstanceOfSatisfying(NodeResult.Failure.class, failure -> {
            assertThat(failure.retryable()).isTrue();
            assertThat(failure.code()).isEqualTo("rate_limited");
        });
    }

    @Test
    void aRefusedKeyIsAPermanentFailure() {
        TestContext context = TestContext.builder()
                .credential(MailgunRequests.credential(mailgun.baseUrl(), "key-wrong", FakeMailgun.DOMAIN))
                .config(config()).build();

        NodeResult result = NodeRunner.run(node, List.of(item()), context);

        assertThat(result).isInstanceOfSatisfying(NodeResult.Failure.class, failure -> {
            assertThat(failure.retryable()).isFalse();
            assertThat(failure.code()).isEqualTo("unauthorized");
            assertThat(failure.message()).doesNotContain("key-wrong");
        });
    }

    @Test
    void aBadRequestIsAPermanentFailureWithMailgunsReason() {
        mailgun.answerNext(400, "application/json", "{\"message\":\"'to' parameter is not a valid address\"}");

        NodeResult result = NodeRunner.run(node, List.of(item()), context(config()).build());

        assertThat(result).isInstanceOfSatisfying(NodeResult.Failure.class, failure -> {
            assertThat(failure.retryable()).isFalse();
            assertThat(failure.code()).isEqualTo("bad_request");
            assertThat(failure.message()).contains("not a valid address");
        });
    }

    @Test
    void withoutCredentialItFailsPermanentlyAndSaysWhy() {
        TestContext context = TestContext.builder().config(config()).build();

        NodeResult result = NodeRunner.run(node, List.of(item()), context);

        assertThat(result).isInstanceOfSatisfying(NodeResult.Failure.class, failure -> {
            assertThat(failure.retryable()).isFalse();
            assertThat(failure.code()).isEqualTo("missing_credential");
            assertThat(failure.message()).contains("no Mailgun credential").contains("mailgun.api-key");
        });
        assertThat(mailgun.received()).isEmpty();
    }

    @Test
    void withoutAnySenderItFailsPermanently() {
        TestCredential noDefault = TestCredential.of("mailgun.api-key", Map.of("apiKey", FakeMailgun.API_KEY,
                "domain", FakeMailgun.DOMAIN, "baseUrl", mailgun.baseUrl()));

        NodeResult result = NodeRunner.run(node, List.of(item()),
                TestContext.builder().credential(noDefault).config(config()).build());

        assertThat(result).isInstanceOfSatisfying(NodeResult.Failure.class, failure -> {
            assertThat(failure.retryable()).isFalse();
            assertThat(failure.message()).contains("no sender");
        });
        assertThat(mailgun.received()).isEmpty();
    }

    @Test
    void variablesThatAreNotAnObjectArePermanentlyRefused() {
        Map<String, Object> config = config();
        config.put("variables", List.of("not", "an", "object"));

        NodeResult result = NodeRunner.run(node, List.of(item()), context(config).build());

        assertThat(result).isInstanceOfSatisfying(NodeResult.Failure.class, failure -> {
            assertThat(failure.retryable()).isFalse();
            assertThat(failure.code()).isEqualTo("invalid_config");
        });
    }

    @Test
    void noInputItemsSendNothing() {
        NodeResult result = NodeRunner.run(node, List.of(), context(config()).build());

        assertThat(NodeRunner.itemsOn(result, "main")).isEmpty();
        assertThat(mailgun.received()).isEmpty();
    }

    @Test
    void neverLogsTheRecipientOrTheKey() {
        TestContext context = context(config()).build();

        NodeRunner.run(node, List.of(item()), context);

        assertThat(context.logger().lines()).isNotEmpty()
                .noneMatch(line -> line.contains("alice@example.com") || line.contains(FakeMailgun.API_KEY));
    }
}
