package io.leadflow.kernel.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadflow.kernel.testing.ApiClient;
import io.leadflow.kernel.testing.ApiClientUpload;
import io.leadflow.kernel.testing.ApiResponse;
import io.leadflow.kernel.testing.SwapProbe;
import io.leadflow.kernel.testing.TestKernel;
import io.leadflow.kernel.testing.TestPluginJar;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Upgrades keep the replaced jar: one call rolls back to it, a version that fails to start is
 * rolled back by itself, and node runs in flight during a swap finish on the version they started on.
 */
class PluginRollbackIT {
    private static TestKernel kernel;
    private static ApiClient admin;

    @BeforeAll
    static void start() {
        kernel = TestKernel.start();
        admin = kernel.admin();
    }

    @AfterAll
    static void stop() {
        kernel.close();
    }

    @Test
    void rollbackReturnsToThePreviousVersionInOneStepAndASecondOneGoesForwardAgain() {
        assertThat(upload("POST", "/api/v1/plugins", TestPluginJar.withNode("undo", "1.0.0", "hello", "Hello one"))
                .status()).isEqualTo(201);
        ApiResponse none = admin.post("/api/v1/plugins/undo/rollback", "");
        assertThat(none.status()).as(none.body()).isEqualTo(409);
        assertThat(none.json().get("type").asText()).endsWith("no-previous-version");
        assertThat(admin.get("/api/v1/plugins/undo").json().path("previousVersion").isTextual()).isFalse();

        ApiResponse upgraded = upload("PUT", "/api/v1/plugins/undo",
                TestPluginJar.withNode("undo", "2.0.0", "hello", "Hello two"));
        assertThat(upgraded.status()).as(upgraded.body()).isEqualTo(200);
        assertThat(upgraded.json().get("version").asText()).isEqualTo("2.0.0");
        assertThat(upgraded.json().get("previousVersion").asText()).isEqualTo("1.0.0");

        ApiResponse back = admin.post("/api/v1/plugins/undo/rollback", "");
        assertThat(back.status()).as(back.body()).isEqualTo(200);
        assertThat(back.json().get("version").asText()).isEqualTo("1.0.0");
        assertThat(back.json().get("state").asText()).isEqualTo("started");
        assertThat(back.json().get("previousVersion").asText()).isEqualTo("2.0.0");
        assertThat(label("undo.hello")).isEqualTo("Hello one");

        ApiResponse forward = admin.post("/api/v1/plugins/undo/rollback", "");
        assertThat(forward.json().get("version").asText()).as(forward.body()).isEqualTo("2.0.0");
        assertThat(label("undo.hello")).isEqualTo("Hello two");

        assertThat(admin.get("/api/v1/audit?targetType=plugin&targetId=undo").json().get("items"))
                .extracting(row -> row.get("action").asText() + ":" + row.get("outcome").asText())
                .containsExactly("plugin.rolled-back:success", "plugin.rolled-back:success", "plugin.upgraded:success",
                        "plugin.installed:success");
    }

    @Test
    void anUpgradeWhosePluginFailsToStartIsRolledBackByItself() {
        assertThat(upload("POST", "/api/v1/plugins", TestPluginJar.withNode("steady", "1.0.0", "hello", "Steady"))
                .status()).isEqualTo(201);
        ApiResponse refused = upload("PUT", "/api/v1/plugins/steady", TestPluginJar.plugin("steady", "2.0.0")
                .header("Plugin-Class", "test.steady.ThePlugin")
                .source("test.steady.ThePlugin", """
                        package test.steady;
                        public class ThePlugin extends io.leadflow.api.LeadFlowPlugin {
                            public ThePlugin(io.leadflow.api.PluginContext context) {
                                super(context);
                                throw new IllegalStateException("version 2 cannot start");
                            }
                        }
                        """));
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.json().get("check").asText()).isEqualTo("start");
        assertThat(refused.json().get("detail").asText()).contains("version 2 cannot start");

        JsonNode plugin = admin.get("/api/v1/plugins/steady").json();
        assertThat(plugin.get("version").asText()).isEqualTo("1.0.0");
        assertThat(plugin.get("state").asText()).isEqualTo("started");
        assertThat(plugin.path("previousVersion").isTextual()).as("a failed upgrade is not a version to return to").isFalse();
        assertThat(label("steady.hello")).isEqualTo("Steady");
        JsonNode audit = admin.get("/api/v1/audit?targetType=plugin&targetId=steady").json().get("items").get(0);
        assertThat(audit.get("action").asText() + ":" + audit.get("outcome").asText()).isEqualTo("plugin.upgraded:failure");
        assertThat(audit.toString()).contains("\"restored\":\"1.0.0\"");
    }

    @Test
    void nodeRunsInFlightFinishOnTheOldVersionAndRunsStartedDuringTheSwapWaitForTheNewOne() throws Exception {
        assertThat(upload("POST", "/api/v1/plugins", SwapProbe.stampPlugin("swap", "1.0.0", SwapProbe.IN_FLIGHT_MILLIS))
                .status()).isEqualTo(201);
        byte[] version2 = SwapProbe.stampPlugin("swap", "2.0.0", 0).build();
        SwapProbe.assertRunsInFlightFinishOnTheirVersion(admin, "swap", "1.0.0", "2.0.0",
                () -> ApiClientUpload.send(admin, "PUT", "/api/v1/plugins/swap", admin.token(), version2));
    }

    private static String label(String type) {
        for (JsonNode node : admin.get("/api/v1/nodes").json().get("items")) {
            if (node.get("type").asText().equals(type)) {
                return node.get("label").asText();
            }
        }
        throw new AssertionError(type + " is not in the palette");
    }

    private static ApiResponse upload(String method, String path, TestPluginJar jar) {
        return ApiClientUpload.send(admin, method, path, admin.token(), jar.build());
    }
}
