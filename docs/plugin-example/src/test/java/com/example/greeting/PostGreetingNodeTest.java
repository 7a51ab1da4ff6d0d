package com.example.greeting;

import static org.assertj.core.api.Assertions.assertThat;

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

/** The HTTP node and its credential type against a local fake of the greeting service. */
class PostGreetingNodeTest {
    private HttpServer service;
    private final AtomicInteger status = new AtomicInteger(201);
    private final List<String> requests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startFakeService() throws IOException {
        service = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        service.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            boolean authorized = "Bearer k-1".equals(exchange.getRequestHeaders().getFirst("Authorization"));
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                    + exchange.getRequestHeaders().getFirst("Idempotency-Key") + " " + body);
            exchange.getResponseHeaders().add("Location", "/v1/cards/c-9");
            exchange.sendResponseHeaders(authorized ? (exchange.getRequestURI().getPath().equals("/v1/me") ? 200
                    : status.get()) : 401, -1);
            exchange.close();
        });
        service.start();
    }

    @AfterEach
    void stopFakeService() {
        service.stop(0);
    }

    private TestCredential key(String apiKey) {
        return TestCredential.of(GreetingServiceCredential.TYPE_ID,
                Map.of("baseUrl", "http://127.0.0.1:" + service.getAddress().getPort(), "apiKey", apiKey));
    }

    private NodeResult run() {
        TestContext context = TestContext.builder().config("text", "Hello, Ada!").credential(key("k-1")).build();
        return NodeRunner.run(new PostGreetingNode(), List.of(Item.of(Map.of("id", 1))), context);
    }

    @Test
    void postsTheCardWithTheIdempotencyKeyAndKeepsTheItems() {
        List<Item> out = NodeRunner.itemsOn(run(), "main");
        assertThat(out).hasSize(1);
        assertThat(out.get(0).get("id")).isEqualTo(1);
        assertThat(out.get(0).get("cardLocation")).isEqualTo("/v1/cards/c-9");
        assertThat(requests).containsExactly("POST /v1/cards ex-1:node-1:1 text=Hello%2C+Ada%21");
    }

    @Test
    void rateLimitsAndServerErrorsAreRetryableRefusalsAreNot() {
        status.set(429);
        assertThat(run()).isInstanceOfSatisfying(NodeResult.Failure.class, f -> assertThat(f.retryable()).isTrue());
        status.set(503);
        assertThat(run()).isInstanceOfSatisfying(NodeResult.Failure.class, f -> assertThat(f.retryable()).isTrue());
        status.set(422);
        assertThat(run()).isInstanceOfSatisfying(NodeResult.Failure.class, f -> {
            assertThat(f.retryable()).isFalse();
            assertThat(f.code()).isEqualTo("refused");
        });
    }

    @Test
    void anUnreachableServiceIsARetryableFailureNotAnException() {
        service.stop(0);
        assertThat(run()).isInstanceOfSatisfying(NodeResult.Failure.class, f -> {
            assertThat(f.retryable()).isTrue();
            assertThat(f.message()).startsWith("greeting service unreachable");
        });
    }

    @Test
    void theConnectionTestPassesForTheRightKeyOnly() throws Exception {
        GreetingServiceCredential type = new GreetingServiceCredential();
        ConnectionTest good = type.test(key("k-1"), new JdkHttpClient()).toCompletableFuture().get(10, TimeUnit.SECONDS);
        ConnectionTest bad = type.test(key("nope"), new JdkHttpClient()).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(good).isEqualTo(ConnectionTest.ok("connected"));
        assertThat(bad.ok()).isFalse();
        assertThat(bad.message()).isEqualTo("the service refused the API key (HTTP 401)");
    }
}
