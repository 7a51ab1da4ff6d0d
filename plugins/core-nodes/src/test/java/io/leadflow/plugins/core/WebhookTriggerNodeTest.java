package io.leadflow.plugins.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadflow.api.node.Item;
import io.leadflow.api.node.NodeDescriptor;
import io.leadflow.api.node.NodeKind;
import io.leadflow.api.node.Property;
import io.leadflow.api.trigger.WebhookOutcome;
import io.leadflow.api.trigger.WebhookRequest;
import io.leadflow.api.trigger.WebhookRoute;
import io.leadflow.testkit.TestContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

class WebhookTriggerNodeTest {
    private final WebhookTriggerNode node = new WebhookTriggerNode();

    @Test
    void describesATriggerWithARequiredPathAndASecretSecret() {
        NodeDescriptor descriptor = node.descriptor();

        assertThat(descriptor.typeId()).isEqualTo("core.webhook");
        assertThat(descriptor.kind()).isEqualTo(NodeKind.TRIGGER);
        assertThat(descriptor.inputs()).isEmpty();
        assertThat(descriptor.outputs()).extracting(p -> p.name()).containsExactly("main");
        assertThat(descriptor.properties()).filteredOn(Property::required).extracting(Property::id).containsExactly("path");
        assertThat(WebhookTriggerNode.METHOD.defaultValue()).isEqualTo("POST");
        assertThat(WebhookTriggerNode.METHOD.allowedValues()).containsExactly("GET", "POST", "PUT", "PATCH", "DELETE");
        assertThat(WebhookTriggerNode.SECRET.secret()).isTrue();
    }

    @Test
    void routesOnThePathAndMethod() {
        TestContext context = TestContext.builder().config("path", "/forms/contact/").config("method", "PUT").build();

        assertThat(node.route(context.asTriggerContext())).isEqualTo(new WebhookRoute("forms/contact", Set.of("PUT")));
        assertThat(node.route(TestContext.builder().config("path", "x").build().asTriggerContext()).methods())
                .containsExactly("POST");
    }

    @Test
    void refusesAnUnsafePath() {
        TestContext context = TestContext.builder().config("path", "a/../b").build();

        assertThatThrownBy(() -> node.route(context.asTriggerContext())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parsesAJsonBody() {
        WebhookOutcome outcome = receive(config(), "POST", "application/json; charset=utf-8",
                "{\"email\":\"ada@example.com\",\"score\":7}", Map.of("source", List.of("ad")));

        Item item = started(outcome);
        assertThat(item.get("method")).isEqualTo("POST");
        assertThat(item.get("path")).isEqualTo("forms/contact");
        assertThat(item.get("body")).isEqualTo(Map.of("email", "ada@example.com", "score", 7));
        assertThat(item.get("query")).isEqualTo(Map.of("source", "ad"));
        assertThat(item.get("headers")).asInstanceOf(InstanceOfAssertFactories.MAP).containsEntry("content-type", "application/json; charset=utf-8");
    }

    @Test
    void parsesFormFields() {
        WebhookOutcome outcome = receive(config(), "POST", "application/x-www-form-urlencoded",
                "name=Ada+L&tag=a&tag=b&note=%C3%A9", Map.of());

        assertThat(started(outcome).get("body")).isEqualTo(Map.of("name", "Ada L", "tag", List.of("a", "b"), "note", "é"));
    }

    @Test
    void keepsOtherBodiesAsText() {
        WebhookOutcome outcome = receive(config(), "POST", "text/plain", "hello there", Map.of());

        assertThat(started(outcome).get("body")).isEqualTo("hello there");
    }

    @Test
    void rejectsMalformedJsonWith400() {
        WebhookOutcome outcome = receive(config(), "POST", "application/json", "{\"email\":", Map.of());

        assertThat(outcome).isInstanceOfSatisfying(WebhookOutcome.Reject.class,
                reject -> assertThat(reject.status()).isEqualTo(400));
    }

    @Test
    void acceptsTheRightSecretAndKeepsItOutOfTheItem() {
        Map<String, Object> config = Map.of("path", "forms/contact", "secretHeader", "X-Hook-Token", "secret", "s3cret");
        WebhookOutcome outcome = receive(config, "POST", "text/plain", "hi", Map.of(), Map.of("x-hook-token", "s3cret"));

        Map<?, ?> headers = (Map<?, ?>) started(outcome).get("headers");
        assertThat(headers.containsKey("x-hook-token")).isFalse();
        assertThat(headers.containsValue("s3cret")).isFalse();
        assertThat(headers.containsKey("content-type")).isTrue();
    }

    @Test
    void rejectsAWrongOrMissingSecretWith401() {
        Map<String, Object> config = Map.of("path", "forms/contact", "secretHeader", "X-Hook-Token", "secret", "s3cret");

        for (Map<String, String> headers : List.of(Map.of("X-Hook-Token", "wrong"), Map.of("X-Hook-Token", "s3cret "),
                Map.<String, String>of())) {
            WebhookOutcome outcome = receive(config, "POST", "application/json", "{}", Map.of(), headers);
            assertThat(outcome).as(headers.toString()).isInstanceOfSatisfying(WebhookOutcome.Reject.class,
                    reject -> assertThat(reject.status()).isEqualTo(401));
        }
    }

    @Test
    void usesTheDefaultSecretHeaderWhenOnlyASecretIsSet() {
        Map<String, Object> config = Map.of("path", "p", "secret", "abc");

        assertThat(receive(config, "POST", "text/plain", "", Map.of(), Map.of("X-Webhook-Secret", "abc")))
                .isInstanceOf(WebhookOutcome.Start.class);
        assertThat(receive(config, "POST", "text/plain", "", Map.of(), Map.of()))
                .isInstanceOf(WebhookOutcome.Reject.class);
    }

    @Test
    void rejectsAnotherMethod() {
        WebhookOutcome outcome = receive(config(), "GET", "text/plain", "", Map.of());

        assertThat(outcome).isInstanceOfSatisfying(WebhookOutcome.Reject.class,
                reject -> assertThat(reject.status()).isEqualTo(405));
    }

    @Test
    void comparesSecretsExactly() {
        assertThat(WebhookTriggerNode.sameSecret("abc", "abc")).isTrue();
        assertThat(WebhookTriggerNode.sameSecret("abc", "abd")).isFalse();
        assertThat(WebhookTriggerNode.sameSecret("abc", "abcd")).isFalse();
        assertThat(WebhookTriggerNode.sameSecret("abc", null)).isFalse();
    }

    private static Map<String, Object> config() {
        return Map.of("path", "forms/contact");
    }

    private WebhookOutcome receive(Map<String, Object> config, String method, String contentType, String body,
                                   Map<String, List<String>> query) {
        return receive(config, method, contentType, body, query, Map.of());
    }

    private WebhookOutcome receive(Map<String, Object> config, String method, String contentType, String body,
                                   Map<String, List<String>> query, Map<String, String> extraHeaders) {
        Map<String, List<String>> headers = new java.util.LinkedHashMap<>();
        headers.put("Content-Type", List.of(contentType));
        extraHeaders.forEach((name, value) -> headers.put(name, List.of(value)));
        WebhookRequest request = new WebhookRequest(method, "forms/contact", query, headers,
                body.getBytes(StandardCharsets.UTF_8), "127.0.0.1", Instant.now());
        TestContext context = TestContext.builder().config(config).build();
        return node.receive(request, context.asTriggerContext()).toCompletableFuture().join();
    }

    private static Item started(WebhookOutcome outcome) {
        assertThat(outcome).isInstanceOf(WebhookOutcome.Start.class);
        List<Item> items = ((WebhookOutcome.Start) outcome).items();
        assertThat(items).hasSize(1);
        return items.get(0);
    }
}
