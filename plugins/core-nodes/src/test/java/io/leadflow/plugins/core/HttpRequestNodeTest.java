package io.leadflow.plugins.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.leadflow.api.node.Item;
import io.leadflow.api.node.NodeDescriptor;
import io.leadflow.api.node.NodeResult;
import io.leadflow.api.node.Property;
import io.leadflow.api.node.RetryPolicy;
import io.leadflow.testkit.NodeRunner;
import io.leadflow.testkit.TestContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpRequestNodeTest {
    /** What the fake server saw. */
    private record Received(String method, String uri, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private final HttpRequestNode node = new HttpRequestNode();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private ExecutorService executor;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        executor = Executors.newCachedThreadPool();
        server.setExecutor(executor);
        server.createContext("/echo", exchange -> {
            record(exchange);
            respond(exchange, 201, "application/json", "{\"ok\":true,\"id\":9007199254740993,\"list\":[1,\"a\"]}");
        });
        server.createContext("/text", exchange -> {
            record(exchange);
            respond(exchange, 200, "text/plain", "plain words");
        });
        server.createContext("/missing", exchange -> respond(exchange, 404, "application/json", "{\"error\":\"no\"}"));
        server.createContext("/broken", exchange -> respond(exchange, 500, "text/plain", "oops"));
        server.createContext("/busy", exchange -> {
            exchange.getResponseHeaders().add("Retry-After", "7");
            respond(exchange, 429, "text/plain", "slow down");
        });
        server.createContext("/slow", exchange -> {
            try {
                Thread.sleep(3_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            respond(exchange, 200, "text/plain", "late");
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
        executor.shutdownNow();
    }

    @Test
    void describesARetriedNonIdempotentAction() {
        NodeDescriptor descriptor = node.descriptor();

        assertThat(descriptor.typeId()).isEqualTo("core.http-request");
        assertThat(descriptor.retryPolicy()).isEqualTo(RetryPolicy.DEFAULT);
        assertThat(descriptor.idempotent()).isFalse();
        assertThat(descriptor.inputs()).extracting(p -> p.name()).containsExactly("main");
        assertThat(descriptor.outputs()).extracting(p -> p.name()).containsExactly("main", "error");
        assertThat(descriptor.properties()).filteredOn(Property::required).extracting(Property::id).containsExactly("url");
        assertThat(HttpRequestNode.URL.expressions()).isTrue();
        assertThat(HttpRequestNode.TIMEOUT_SECONDS.defaultValue()).isEqualTo(30);
        assertThat(HttpRequestNode.BODY_TYPE.allowedValues()).containsExactly("none", "json", "form", "text");
    }

    @Test
    void sendsAJsonBodyWithHeadersAndQueryAndParsesTheJsonAnswer() {
        TestContext context = TestContext.builder()
                .config("method", "POST")
                .config("url", url("/echo?fixed=1"))
                .config("headers", Map.of("X-Api-Key", "k1", "Accept", "application/json"))
                .config("query", Json.parse("{\"q\": \"a b&c\", \"tag\": [\"x\", \"y\"]}"))
                .config("bodyType", "json")
                .config("body", Map.of("email", "ada@example.com", "score", 7))
                .build();

        NodeResult result = NodeRunner.run(node, List.of(), context);

        assertThat(received).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.uri()).isEqualTo("/echo?fixed=1&q=a+b%26c&tag=x&tag=y");
            assertThat(request.header("X-Api-Key")).isEqualTo("k1");
            assertThat(request.header("Content-Type")).isEqualTo("application/json");
            assertThat(Json.parse(request.body())).isEqualTo(Map.of("email", "ada@example.com", "score", 7));
        });
        assertThat(NodeRunner.itemsOn(result, "main")).singleElement().satisfies(item -> {
            assertThat(item.get("status")).isEqualTo(201);
            assertThat(item.get("body")).isEqualTo(Map.of("ok", true, "id", 9007199254740993L, "list", List.of(1, "a")));
            assertThat(item.get("headers")).asInstanceOf(InstanceOfAssertFactories.MAP).containsEntry("content-type", "application/json");
        });
    }

    @Test
    void sendsAFormBody() {
        TestContext context = TestContext.builder().config("method", "PUT").config("url", url("/echo"))
                .config("bodyType", "form").config("body", Json.parse("{\"name\": \"Ada L\", \"tags\": [\"a\", \"b\"]}"))
                .build();

        NodeRunner.run(node, List.of(), context);

        assertThat(received).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("PUT");
            assertThat(request.header("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
            assertThat(request.body()).isEqualTo("name=Ada+L&tags=a&tags=b");
        });
    }

    @Test
    void sendsATextBodyAndKeepsATextAnswerAsText() {
        TestContext context = TestContext.builder().config("method", "PATCH").config("url", url("/text"))
                .config("bodyType", "text").config("body", "hello").build();

        NodeResult result = NodeRunner.run(node, List.of(), context);

        assertThat(received).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("PATCH");
            assertThat(request.header("Content-Type")).startsWith("text/plain");
            assertThat(request.body()).isEqualTo("hello");
        });
        assertThat(NodeRunner.itemsOn(result, "main")).singleElement()
                .satisfies(item -> assertThat(item.get("body")).isEqualTo("plain words"));
    }

    @Test
    void callsOncePerInputItem() {
        TestContext context = TestContext.builder().config("url", url("/echo")).build();

        NodeResult result = NodeRunner.run(node, List.of(Item.of(Map.of("n", 1)), Item.of(Map.of("n", 2)),
                Item.of(Map.of("n", 3))), context);

        assertThat(received).hasSize(3).allSatisfy(request -> assertThat(request.method()).isEqualTo("GET"));
        assertThat(NodeRunner.itemsOn(result, "main")).hasSize(3);
    }

    @Test
    void aServerErrorIsRetryable() {
        NodeResult result = NodeRunner.run(node, List.of(), TestContext.builder().config("url", url("/broken")).build());

        assertThat(result).isInstanceOfSatisfying(NodeResult.Failure.class, failure -> {
            assertThat(failure.retryable()).isTrue();
            assertThat(failure.code()).isEqualTo("http_500");
            assertThat(failure.details()).containsEntry("status", 500).containsEntry("body", "oops");
        });
    }

    @Test
    void aRateLimitIsRetryableAndKeepsRetryAfter() {
        NodeResult result = NodeRunner.run(node, List.of(), TestContext.builder().config("url", url("/busy")).build());

        assertThat(result).isInstanceOfSatisfying(NodeResult.Failure.class, failure -> {
            assertThat(failure.retryable()).isTrue();
            assertThat(failure.code()).isEqualTo("http_429");
            assertThat(failure.details()).containsEntry("retryAfter", "7");
        });
    }

    @Test
    void aClientErrorIsPermanent() {
        NodeResult result = NodeRunner.run(node, List.of(),
                TestContext.builder().config("url", url("/missing?apiKey=secret")).build());

        assertThat(result).isInstanceOfSatisfying(NodeResult.Failure.class, failure -> {
            assertThat(failure.retryable()).isFalse();
            assertThat(failure.code()).isEqualTo("http_404");
            assertThat(failure.message()).contains("/missing").doesNotContain("secret");
        });
    }

    @Test
    void aClientErrorIsEmittedWhenFailOnHttpErrorIsOff() {
        NodeResult result = NodeRunner.run(node, List.of(), TestContext.builder().config("url", url("/missing"))
                .config("failOnHttpError", false).build());

        assertThat(NodeRunner.itemsOn(result, "main")).singleElement().satisfies(item -> {
            assertThat(item.get("status")).isEqualTo(404);
            assertThat(item.get("body")).isEqualTo(Map.of("error", "no"));
        });
    }

    @Test
    void aTimeoutIsRetryable() {
        NodeResult result = NodeRunner.run(node, List.of(), TestContext.builder().config("url", url("/slow"))
                .config("timeoutSeconds", 1).build());

        assertThat(result).isInstanceOfSatisfying(NodeResult.Failure.class, failure -> {
            assertThat(failure.retryable()).isTrue();
            assertThat(failure.code()).isEqualTo("timeout");
        });
    }

    @Test
    void aRefusedConnectionIsRetryable() {
        int port = server.getAddress().getPort();
        server.stop(0);

        NodeResult result = NodeRunner.run(node, List.of(),
                TestContext.builder().config("url", "http://127.0.0.1:" + port + "/echo").build());

        assertThat(result).isInstanceOfSatisfying(NodeResult.Failure.class, failure -> {
            assertThat(failure.retryable()).isTrue();
            assertThat(failure.code()).isEqualTo("connection_failed");
        });
    }

    @Test
    void aBadUrlOrBodyIsAPermanentFailureWithoutACall() {
        for (Map<String, Object> config : List.of(Map.<String, Object>of("url", "ftp://example.com/x"),
                Map.<String, Object>of("url", "not a url"),
                Map.<String, Object>of("url", url("/echo"), "bodyType", "json", "body", "{broken"),
                Map.<String, Object>of("url", url("/echo"), "headers", List.of("x")))) {
            NodeResult result = NodeRunner.run(node, List.of(), TestContext.builder().config(config).build());
            assertThat(result).as(config.toString()).isInstanceOfSatisfying(NodeResult.Failure.class,
                    failure -> assertThat(failure.retryable()).isFalse());
        }
        assertThat(received).isEmpty();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private void record(HttpExchange exchange) throws IOException {
        received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                Map.copyOf(exchange.getRequestHeaders()),
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
