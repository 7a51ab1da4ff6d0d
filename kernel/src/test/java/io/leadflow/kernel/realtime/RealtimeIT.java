package io.leadflow.kernel.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadflow.kernel.testing.TestKernel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RealtimeIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestKernel kernel;
    private static String token;

    @BeforeAll
    static void start() {
        kernel = TestKernel.start();
        token = kernel.admin().post("/api/v1/auth/tokens", "{\"name\":\"ws\"}").json().get("secret").asText();
    }

    @AfterAll
    static void stop() {
        kernel.close();
    }

    @Test
    void handshakeWithoutAValidTokenIsRefusedWith401() {
        assertThat(handshakeStatus(wsUri(""), null)).isEqualTo(401);
        assertThat(handshakeStatus(wsUri("?access_token=lf_forged"), null)).isEqualTo(401);
        assertThat(handshakeStatus(wsUri(""), "lf_forged")).isEqualTo(401);
    }

    @Test
    void aSubscribedClientReceivesPublishedEvents() throws Exception {
        Client client = Client.connect(wsUri("?access_token=" + token), null);
        assertThat(client.next().get("op").asText()).isEqualTo("welcome");
        client.send("{\"op\":\"subscribe\",\"topic\":\"plugins\"}");
        assertThat(client.next().get("op").asText()).isEqualTo("subscribed");

        kernel.kernel().events().publish("leads", "lead.created", Map.of("id", "not-for-this-client"));
        kernel.kernel().events().publish("plugins", "plugin.installed", Map.of("id", "mailgun", "version", "1.0.0"));

        JsonNode event = client.next();
        assertThat(event.get("op").asText()).isEqualTo("event");
        assertThat(event.get("topic").asText()).isEqualTo("plugins");
        assertThat(event.get("type").asText()).isEqualTo("plugin.installed");
        assertThat(event.get("data").get("id").asText()).isEqualTo("mailgun");
        client.close();
    }

    @Test
    void headerTokensWorkAndBadMessagesGetErrorsNotDisconnects() throws Exception {
        Client client = Client.connect(wsUri(""), token);
        assertThat(client.next().get("op").asText()).isEqualTo("welcome");
        client.send("not json");
        assertThat(client.next().get("op").asText()).isEqualTo("error");
        client.send("{\"op\":\"subscribe\",\"topic\":\"secrets\"}");
        JsonNode refused = client.next();
        assertThat(refused.get("op").asText()).isEqualTo("error");
        assertThat(refused.get("detail").asText()).contains("secrets");
        client.send("{\"op\":\"ping\"}");
        assertThat(client.next().get("op").asText()).isEqualTo("pong");
        client.send("{\"op\":\"subscribe\",\"topic\":\"execution:abc-123\"}");
        assertThat(client.next().get("op").asText()).isEqualTo("subscribed");
        kernel.kernel().events().publish("execution:abc-123", "node.finished", Map.of("node", "n1"));
        assertThat(client.next().get("type").asText()).isEqualTo("node.finished");
        client.close();
    }

    @Test
    void stoppingTheKernelClosesLiveClientsWithGoingAway() throws Exception {
        TestKernel own = TestKernel.start();
        String secret = own.admin().post("/api/v1/auth/tokens", "{\"name\":\"ws\"}").json().get("secret").asText();
        java.util.concurrent.CompletableFuture<Integer> closed = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.CountDownLatch welcomed = new java.util.concurrent.CountDownLatch(1);
        HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(
                URI.create("ws://127.0.0.1:" + own.kernel().port() + "/ws?access_token=" + secret),
                new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        welcomed.countDown();
                        webSocket.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                        closed.complete(statusCode);
                        return null;
                    }
                }).join();
        // the server has registered the client once it says welcome
        assertThat(welcomed.await(10, TimeUnit.SECONDS)).isTrue();
        own.close(); // must not throw, and must tell the client
        assertThat(closed.get(10, TimeUnit.SECONDS)).isEqualTo(1001);
    }

    private URI wsUri(String query) {
        return URI.create("ws://127.0.0.1:" + kernel.kernel().port() + "/ws" + query);
    }

    private static int handshakeStatus(URI uri, String bearer) {
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
        if (bearer != null) {
            builder.header("Authorization", "Bearer " + bearer);
        }
        try {
            builder.buildAsync(uri, new WebSocket.Listener() {
            }).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException handshake) {
                return handshake.getResponse().statusCode();
            }
            throw e;
        }
        throw new AssertionError("handshake to " + uri + " was accepted");
    }

    /** A WebSocket client that queues every text message it receives. */
    private static final class Client implements WebSocket.Listener {
        private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        static Client connect(URI uri, String bearer) {
            Client client = new Client();
            WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder()
                    .connectTimeout(Duration.ofSeconds(5));
            if (bearer != null) {
                builder.header("Authorization", "Bearer " + bearer);
            }
            client.socket = builder.buildAsync(uri, client).join();
            return client;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    JsonNode message = JSON.readTree(text);
                    if ("batch".equals(message.path("op").asText())) {
                        message.get("messages").forEach(event -> received.add(event.toString()));
                        return null;
                    }
                } catch (Exception e) {
                    // not JSON: next() reports it
                } finally {
                    webSocket.request(1);
                }
                received.add(text);
                return null;
            }
            webSocket.request(1);
            return null;
        }

        void send(String text) {
            socket.sendText(text, true).join();
        }

        JsonNode next() throws Exception {
            String text = received.poll(5, TimeUnit.SECONDS);
            assertThat(text).as("a message within 5 s").isNotNull();
            return JSON.readTree(text);
        }

        void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        }
    }

    @Test
    void theHandshakeItselfIsAuthenticatedNotJustTheFirstMessage() {
        assertThatThrownBy(() -> Client.connect(wsUri(""), null))
                .hasCauseInstanceOf(WebSocketHandshakeException.class);
    }
}
