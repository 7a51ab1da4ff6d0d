package io.leadflow.kernel.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadflow.kernel.testing.ApiClient;
import io.leadflow.kernel.testing.ApiClientUpload;
import io.leadflow.kernel.testing.ApiResponse;
import io.leadflow.kernel.testing.TestKernel;
import io.leadflow.kernel.testing.TestPluginJar;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Install, upgrade, stop, uninstall real plugin jars over REST while the kernel runs. */
class PluginRuntimeIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void installUpgradeAndUninstallWithoutARestartAndSurviveOne() throws Exception {
        TestKernel kernel = TestKernel.start();
        try {
            ApiClient admin = kernel.admin();
            Events events = Events.subscribe(kernel, admin.token());

            ApiResponse installed = upload(admin, "POST", "/api/v1/plugins",
                    TestPluginJar.withNode("greeter", "1.0.0", "hello", "Say hello").build());
            assertThat(installed.status()).as(installed.body()).isEqualTo(201);
            assertThat(installed.json().get("state").asText()).isEqualTo("started");
            assertThat(installed.json().get("nodeTypes").get(0).asText()).isEqualTo("greeter.hello");
            assertThat(events.next("plugin.installed").get("data").get("id").asText()).isEqualTo("greeter");
            JsonNode node = paletteEntry(admin, "greeter.hello");
            assertThat(node.get("label").asText()).isEqualTo("Say hello");
            assertThat(node.get("plugin").get("version").asText()).isEqualTo("1.0.0");
            assertThat(node.get("configSchema").get("type").asText()).isEqualTo("object");

            ApiResponse upgraded = upload(admin, "PUT", "/api/v1/plugins/greeter",
                    TestPluginJar.withNode("greeter", "2.0.0", "hello", "Say hello, politely").build());
            assertThat(upgraded.status()).as(upgraded.body()).isEqualTo(200);
            assertThat(events.next("plugin.upgraded").get("data").get("version").asText()).isEqualTo("2.0.0");
            assertThat(paletteEntry(admin, "greeter.hello").get("label").asText()).isEqualTo("Say hello, politely");

            assertThat(upload(admin, "POST", "/api/v1/plugins",
                    TestPluginJar.withNode("other", "1.0.0", "thing", "Other thing").build()).status()).isEqualTo(201);
            assertThat(admin.post("/api/v1/plugins/other/stop", "").json().get("state").asText()).isEqualTo("stopped");
            assertThat(events.next("plugin.stopped").get("data").get("id").asText()).isEqualTo("other");
            assertThat(paletteTypes(admin)).contains("greeter.hello").doesNotContain("other.thing");

            kernel = kernel.restart();
            admin = kernel.admin();
            JsonNode plugins = admin.get("/api/v1/plugins").json().get("items");
            assertThat(plugins).extracting(p -> p.get("id").asText() + "@" + p.get("version").asText() + ":"
                    + p.get("state").asText())
                    .containsExactlyInAnyOrder("greeter@2.0.0:started", "other@1.0.0:stopped");
            assertThat(admin.post("/api/v1/plugins/other/start", "").status()).isEqualTo(200);
            assertThat(paletteTypes(admin)).contains("greeter.hello", "other.thing");

            events = Events.subscribe(kernel, admin.token());
            assertThat(admin.delete("/api/v1/plugins/greeter").status()).isEqualTo(204);
            assertThat(events.next("plugin.uninstalled").get("data").get("id").asText()).isEqualTo("greeter");
            assertThat(paletteTypes(admin)).doesNotContain("greeter.hello");
            assertThat(admin.get("/api/v1/plugins/greeter").status()).isEqualTo(404);
            assertThat(admin.get("/api/v1/audit?targetType=plugin&targetId=greeter").json().get("items"))
                    .extracting(row -> row.get("action").asText())
                    .containsExactly("plugin.uninstalled", "plugin.upgraded", "plugin.installed");
        } finally {
            kernel.close();
        }
    }

    @Test
    void aJarDroppedIntoThePluginsFolderIsPickedUp() throws Exception {
        try (TestKernel kernel = TestKernel.start(java.util.Map.of("LEADFLOW_PLUGIN_SCAN_MILLIS", "200"))) {
            ApiClient admin = kernel.admin();
            Events events = Events.subscribe(kernel, admin.token());
            java.nio.file.Path folder = java.nio.file.Path.of(kernel.setting("LEADFLOW_DATA_DIR"), "plugins");
            java.nio.file.Files.write(folder.resolve("dropped.jar"),
                    TestPluginJar.withNode("dropped", "1.0.0", "node", "Dropped in").build());
            assertThat(events.next("plugin.installed").get("data").get("id").asText()).isEqualTo("dropped");
            assertThat(paletteTypes(admin)).contains("dropped.node");

            java.nio.file.Files.write(folder.resolve("broken.jar"), "not a jar".getBytes());
            long deadline = System.currentTimeMillis() + 10_000;
            while (!java.nio.file.Files.exists(folder.resolve("broken.jar.refused")) && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            assertThat(folder.resolve("broken.jar.refused")).exists();
            assertThat(admin.get("/api/v1/health").status()).isEqualTo(200);
        }
    }

    @Test
    void onlyAdminsManagePluginsButEveryoneSeesThePalette() {
        try (TestKernel kernel = TestKernel.start()) {
            ApiClient editor = kernel.userWithRole("plugin-editor", "editor");
            ApiResponse refused = upload(editor, "POST", "/api/v1/plugins",
                    TestPluginJar.withNode("sneaky", "1.0.0", "node", "Sneaky").build());
            assertThat(refused.status()).isEqualTo(403);
            assertThat(editor.get("/api/v1/plugins").status()).isEqualTo(403);
            assertThat(editor.get("/api/v1/nodes").status()).isEqualTo(200);
        }
    }

    static ApiResponse upload(ApiClient client, String method, String path, byte[] jar) {
        return ApiClientUpload.send(client, method, path, client.token(), jar);
    }

    static JsonNode paletteEntry(ApiClient client, String type) {
        for (JsonNode node : client.get("/api/v1/nodes").json().get("items")) {
            if (node.get("type").asText().equals(type)) {
                return node;
            }
        }
        throw new AssertionError(type + " is not in the palette");
    }

    static List<String> paletteTypes(ApiClient client) {
        List<String> types = new ArrayList<>();
        client.get("/api/v1/nodes").json().get("items").forEach(node -> types.add(node.get("type").asText()));
        return types;
    }

    /** A WebSocket client subscribed to the plugins topic. */
    static final class Events implements WebSocket.Listener {
        private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();

        static Events subscribe(TestKernel kernel, String token) throws Exception {
            Events events = new Events();
            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + kernel.kernel().port() + "/ws?access_token=" + token), events)
                    .join();
            socket.sendText("{\"op\":\"subscribe\",\"topic\":\"plugins\"}", true).join();
            events.next("subscribed");
            return events;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode message = JSON.readTree(partial.toString());
                    if ("batch".equals(message.path("op").asText())) {
                        message.get("messages").forEach(received::add); // events that were sent together
                    } else {
                        received.add(message);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        /** The next message whose type (or op) is {@code type}, within 10 s. */
        JsonNode next(String type) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                JsonNode message = received.poll(100, TimeUnit.MILLISECONDS);
                if (message != null && (type.equals(message.path("type").asText()) || type.equals(message.path("op").asText()))) {
                    return message;
                }
            }
            throw new AssertionError("no '" + type + "' message within 10 s");
        }
    }
}
