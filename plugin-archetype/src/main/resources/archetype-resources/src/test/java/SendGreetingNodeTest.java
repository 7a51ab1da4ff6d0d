package ${package};

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.leadflow.api.credential.ConnectionTest;
import io.leadflow.api.node.Item;
import io.leadflow.api.node.NodeResult;
import io.leadflow.testkit.JdkHttpClient;
import io.leadflow.testkit.NodeRunner;
import io.leadflow.testkit.TestContext;
import io.leadflow.testkit.TestCredential;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The node and the credential type against a local fake of the provider, with the LeadFlow test kit. */
class SendGreetingNodeTest {
    private static final String KEY = "key-123";

    private HttpServer provider;
    private final AtomicInteger status = new AtomicInteger(202);
    private final List<String> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startFakeProvider() throws IOException {
        provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        provider.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " " + authorization
                    + " " + exchange.getRequestHeaders().getFirst("Idempotency-Key") + " " + body);
            int answer = ("Bearer " + KEY).equals(authorization) ? status.get() : 401;
            exchange.sendResponseHeaders(answer, -1);
            exchange.close();
        });
        provider.start();
    }

    @AfterEach
    void stopFakeProvider() {
        provider.stop(0);
    }

    private TestCredential credential(String key) {
        return TestCredential.of(ApiKeyCredential.TYPE_ID,
                Map.of("baseUrl", "http://127.0.0.1:" + provider.getAddress().getPort(), "apiKey", key));
    }

    private TestContext context(String message) {
        return TestContext.builder().config("message", message).credential(credential(KEY)).build();
    }

    @Test
    void postsTheMessageWithTheKeyAndPassesTheItemsOn() {
        NodeResult result = NodeRunner.run(new SendGreetingNode(), List.of(Item.of(Map.of("id", 7))),
                context("Hello \"Ada\""));

        List<Item> out = NodeRunner.itemsOn(result, "main");
        assertThat(out).hasSize(1);
        assertThat(out.get(0).get("id")).isEqualTo(7);
        assertThat(out.get(0).get("greetingStatus")).isEqualTo(202);
        assertThat(received).containsExactly(
                "POST /greetings Bearer key-123 ex-1:node-1:1 {\"message\":\"Hello \\\"Ada\\\"\"}");
    }

    @Test
    void aProviderErrorIsRetryableAndABadRequestIsNot() {
        status.set(503);
        NodeResult unavailable = NodeRunner.run(new SendGreetingNode(), List.of(), context("Hi"));
        assertThat(unavailable).isInstanceOfSatisfying(NodeResult.Failure.class,
                failure -> assertThat(failure.retryable()).isTrue());

        status.set(400);
        NodeResult refused = NodeRunner.run(new SendGreetingNode(), List.of(), context("Hi"));
        assertThat(refused).isInstanceOfSatisfying(NodeResult.Failure.class, failure -> {
            assertThat(failure.retryable()).isFalse();
            assertThat(failure.message()).contains("HTTP 400");
        });
    }

    @Test
    void theMessageIsRequired() {
        TestContext withoutMessage = TestContext.builder().credential(credential(KEY)).build();
        assertThatThrownBy(() -> NodeRunner.run(new SendGreetingNode(), List.of(), withoutMessage))
                .hasMessageContaining("missing required properties [message]");
    }

    @Test
    void theConnectionTestTellsAGoodKeyFromABadOne() throws Exception {
        ApiKeyCredential type = new ApiKeyCredential();
        ConnectionTest good = type.test(credential(KEY), new JdkHttpClient()).toCompletableFuture().get(10, TimeUnit.SECONDS);
        ConnectionTest bad = type.test(credential("wrong"), new JdkHttpClient()).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(good.ok()).isTrue();
        assertThat(bad.ok()).isFalse();
        assertThat(bad.message()).contains("HTTP 401");
        assertThat(received).allSatisfy(line -> assertThat(line).startsWith("GET /me "));
    }

    @Test
    void typeIdsAreScopedByThePluginId() {
        assertThat(new SendGreetingNode().descriptor().typeId()).isEqualTo("${pluginId}.send-greeting");
        assertThat(new SendGreetingNode().descriptor().credentialTypes()).containsExactly("${pluginId}.api-key");
        assertThat(new ApiKeyCredential().descriptor().typeId()).isEqualTo("${pluginId}.api-key");
    }
}
