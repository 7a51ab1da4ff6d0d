package io.leadflow.kernel.marketplace;

import io.leadflow.kernel.testing.TestMarketplace;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadflow.kernel.testing.ApiClient;
import io.leadflow.kernel.testing.ApiResponse;
import io.leadflow.kernel.testing.TestKernel;
import io.leadflow.kernel.testing.TestPluginJar;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Install and upgrade from a signed index served over HTTP, built with the real index tool; every
 * refusal answered 422 with its check. One kernel and one index for the class: the index's sequence
 * only rises, so each test leaves a freshly signed valid index behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MarketplaceIT {
    private TestMarketplace market;
    private TestKernel kernel;
    private ApiClient admin;

    @BeforeAll
    void start() {
        market = TestMarketplace.create();
        market.add(TestPluginJar.withNode("mkt-greeter", "1.0.0", "hello", "Say hello").build(),
                "--name", "Greeter", "--author", "Tests Inc", "--category", "testing", "--description", "Greets");
        market.sign();
        kernel = TestKernel.start(market.settings());
        admin = kernel.admin();
    }

    @AfterAll
    void stop() {
        if (kernel != null) {
            kernel.close();
        }
        market.close();
    }

    private ApiResponse install(String id, String version) {
        return admin.post("/api/v1/marketplace/install", "{\"id\":\"" + id + "\",\"version\":\"" + version + "\"}");
    }

    private static void assertRefused(ApiResponse response, String check) {
        assertThat(response.status()).as(response.body()).isEqualTo(422);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("check").asText()).as(response.body()).isEqualTo(check);
    }

    private JsonNode listed(String id) {
        ApiResponse response = admin.get("/api/v1/marketplace");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        for (JsonNode plugin : response.json().get("plugins")) {
            if (plugin.get("id").asText().equals(id)) {
                return plugin;
            }
        }
        throw new AssertionError(id + " is not listed: " + response.body());
    }

    @Test
    @Order(1)
    void aValidIndexInstallsAPlugin() {
        ApiResponse market1 = admin.get("/api/v1/marketplace");
        assertThat(market1.status()).as(market1.body()).isEqualTo(200);
        assertThat(market1.json().get("configured").asBoolean()).isTrue();
        assertThat(market1.json().get("source").asText()).isEqualTo(market.url());
        JsonNode greeter = listed("mkt-greeter");
        assertThat(greeter.get("name").asText()).isEqualTo("Greeter");
        assertThat(greeter.get("installedVersion").isNull()).isTrue();
        assertThat(greeter.get("latestCompatible").asText()).isEqualTo("1.0.0");
        assertThat(greeter.get("releases").get(0).get("compatible").asBoolean()).isTrue();

        ApiResponse installed = install("mkt-greeter", "1.0.0");
        assertThat(installed.status()).as(installed.body()).isEqualTo(200);
        assertThat(installed.json().get("state").asText()).isEqualTo("started");
        assertThat(installed.json().get("nodeTypes").get(0).asText()).isEqualTo("mkt-greeter.hello");
        assertThat(listed("mkt-greeter").get("installedVersion").asText()).isEqualTo("1.0.0");
        JsonNode audit = admin.get("/api/v1/audit?targetType=plugin&targetId=mkt-greeter").json().get("items");
        assertThat(audit).extracting(row -> row.get("action").asText()).contains("marketplace.install", "plugin.installed");
    }

    @Test
    @Order(2)
    void anUpgradeComesFromTheIndex() {
        market.add(TestPluginJar.withNode("mkt-greeter", "2.0.0", "hello", "Say hello, politely").build());
        market.sign();
        JsonNode greeter = listed("mkt-greeter");
        assertThat(greeter.get("latestCompatible").asText()).isEqualTo("2.0.0");
        assertThat(greeter.get("updateAvailable").asBoolean()).isTrue();

        ApiResponse upgraded = install("mkt-greeter", "2.0.0");
        assertThat(upgraded.status()).as(upgraded.body()).isEqualTo(200);
        assertThat(upgraded.json().get("version").asText()).isEqualTo("2.0.0");
        assertThat(listed("mkt-greeter").get("updateAvailable").asBoolean()).isFalse();
        assertThat(admin.get("/api/v1/plugins/mkt-greeter").json().get("version").asText()).isEqualTo("2.0.0");

        // the upgrade went through the plugin runtime, so its one-step rollback applies
        ApiResponse rolledBack = admin.post("/api/v1/plugins/mkt-greeter/rollback", "");
        assertThat(rolledBack.status()).as(rolledBack.body()).isEqualTo(200);
        assertThat(rolledBack.json().get("version").asText()).isEqualTo("1.0.0");
        assertThat(listed("mkt-greeter").get("installedVersion").asText()).isEqualTo("1.0.0");
        assertThat(listed("mkt-greeter").get("updateAvailable").asBoolean()).isTrue();
        ApiResponse forced = admin.post("/api/v1/marketplace/install",
                "{\"id\":\"mkt-greeter\",\"version\":\"2.0.0\",\"force\":true}");
        assertThat(forced.status()).as(forced.body()).isEqualTo(200);
        assertThat(forced.json().get("version").asText()).isEqualTo("2.0.0");
        JsonNode audit = admin.get("/api/v1/audit?targetType=plugin&targetId=mkt-greeter").json().get("items");
        assertThat(audit.get(0).get("action").asText()).isEqualTo("marketplace.install");
        assertThat(audit.get(0).toString()).contains("\"previousVersion\":\"1.0.0\"").contains("\"version\":\"2.0.0\"");
    }

    @Test
    @Order(3)
    void aTamperedJarIsRefusedAsSha256() throws Exception {
        market.add(TestPluginJar.withNode("mkt-tamper", "1.0.0", "x", "X").build());
        market.sign();
        Path artifact = market.index.resolve("artifacts/mkt-tamper-1.0.0.jar");
        byte[] bytes = Files.readAllBytes(artifact);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(artifact, bytes);
        assertRefused(install("mkt-tamper", "1.0.0"), "sha256");
        assertThat(admin.get("/api/v1/plugins/mkt-tamper").status()).isEqualTo(404);
        Files.write(artifact, java.util.Arrays.copyOf(bytes, bytes.length - 1));
        assertRefused(install("mkt-tamper", "1.0.0"), "size");
        Files.write(artifact, java.util.Arrays.copyOf(bytes, bytes.length + 1));
        assertRefused(install("mkt-tamper", "1.0.0"), "size");
        JsonNode audit = admin.get("/api/v1/audit?targetType=plugin&targetId=mkt-tamper").json().get("items");
        assertThat(audit).hasSize(3).allSatisfy(row -> {
            assertThat(row.get("action").asText()).isEqualTo("marketplace.install");
            assertThat(row.get("outcome").asText()).isEqualTo("failure");
        });
        assertThat(audit.toString()).contains("\"check\":\"sha256\"").contains("\"check\":\"size\"");
    }

    @Test
    @Order(4)
    void aTamperedIndexIsRefusedAsSignature() throws Exception {
        Path file = market.index.resolve("index.json");
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Files.writeString(file, text.replace("\"Greeter\"", "\"Greetex\""), StandardCharsets.UTF_8);
        assertRefused(admin.get("/api/v1/marketplace"), "signature");
        assertRefused(install("mkt-greeter", "2.0.0"), "signature");
        market.sign();
        assertThat(listed("mkt-greeter").get("name").asText()).isEqualTo("Greetex");
    }

    @Test
    @Order(5)
    void anIndexSignedByTheWrongKeyIsRefused() {
        market.tool("keygen", "--out", market.keys.toString(), "--key-id", "impostor");
        market.tool("sign", market.index.toString(), "--key", market.key("impostor.private"), "--key-id", "signing-1");
        assertRefused(admin.get("/api/v1/marketplace"), "signature");
        market.sign();
        assertThat(admin.get("/api/v1/marketplace").status()).isEqualTo(200);
    }

    @Test
    @Order(6)
    void anExpiredIndexIsRefused() {
        market.sign("--issued-at", Instant.now().minus(3, ChronoUnit.DAYS).toString(), "--valid-days", "1");
        ApiResponse response = admin.get("/api/v1/marketplace");
        assertRefused(response, "expired");
        assertThat(response.json().get("detail").asText()).contains("expired at");
        market.sign();
    }

    @Test
    @Order(7)
    void aReplayedOlderIndexIsRefused() {
        Map<String, byte[]> older = market.snapshot();
        market.sign();
        assertThat(admin.get("/api/v1/marketplace").status()).isEqualTo(200);
        Map<String, byte[]> newer = market.snapshot();
        market.restore(older, "index.json", "index.json.sig");
        assertRefused(admin.get("/api/v1/marketplace"), "replayed");
        assertRefused(install("mkt-greeter", "2.0.0"), "replayed");
        kernel = kernel.restart();
        admin = kernel.admin();
        assertRefused(admin.get("/api/v1/marketplace"), "replayed"); // the highest sequence seen is in the database
        market.restore(newer, "index.json", "index.json.sig");
        assertThat(admin.get("/api/v1/marketplace").status()).as("the same index read again is no replay").isEqualTo(200);
        assertThat(admin.get("/api/v1/marketplace").status()).isEqualTo(200);
    }

    @Test
    @Order(8)
    void aYankedReleaseIsRefused() {
        market.add(TestPluginJar.withNode("mkt-yanked", "1.0.0", "x", "X").build());
        market.tool("yank", market.index.toString(), "mkt-yanked", "1.0.0", "--reason", "loses leads");
        market.sign();
        JsonNode release = listed("mkt-yanked").get("releases").get(0);
        assertThat(release.get("yanked").asBoolean()).isTrue();
        assertThat(release.get("yankedReason").asText()).isEqualTo("loses leads");
        assertThat(listed("mkt-yanked").get("latestCompatible").isNull()).isTrue();
        ApiResponse response = install("mkt-yanked", "1.0.0");
        assertRefused(response, "yanked");
        assertThat(response.json().get("detail").asText()).contains("loses leads");
    }

    @Test
    @Order(9)
    void anIncompatibleReleaseIsRefused() {
        market.add(TestPluginJar.withNode("mkt-future", "1.0.0", "x", "X").header("Plugin-Requires", ">=9.0.0").build(),
                "--kernel-version", "9.0.0");
        market.sign();
        JsonNode release = listed("mkt-future").get("releases").get(0);
        assertThat(release.get("compatible").asBoolean()).isFalse();
        assertThat(release.get("incompatibleReason").asText()).contains(">=9.0.0");
        assertRefused(install("mkt-future", "1.0.0"), "incompatible");
    }

    @Test
    @Order(10)
    void unknownReleasesBadBodiesAndNonAdminsAreTurnedAway() {
        assertThat(install("mkt-nothing", "1.0.0").status()).isEqualTo(404);
        assertThat(install("mkt-greeter", "7.7.7").status()).isEqualTo(404);
        assertThat(admin.post("/api/v1/marketplace/install", "{\"id\":\"mkt-greeter\"}").status()).isEqualTo(400);
        assertThat(admin.post("/api/v1/marketplace/install", "not json").status()).isEqualTo(400);
        ApiClient viewer = kernel.userWithRole("market-viewer", "viewer");
        assertThat(viewer.get("/api/v1/marketplace").status()).isEqualTo(403);
        assertThat(viewer.post("/api/v1/marketplace/install", "{\"id\":\"mkt-greeter\",\"version\":\"1.0.0\"}").status())
                .isEqualTo(403);
    }

    @Test
    @Order(13)
    void anUpgradeFromTheIndexWhosePluginFailsToStartIsRolledBackByItself() {
        market.add(TestPluginJar.plugin("mkt-greeter", "3.0.0").header("Plugin-Class", "test.mktgreeter3.ThePlugin")
                .source("test.mktgreeter3.ThePlugin", """
                        package test.mktgreeter3;
                        public class ThePlugin extends io.leadflow.api.LeadFlowPlugin {
                            public ThePlugin(io.leadflow.api.PluginContext context) {
                                super(context);
                                throw new IllegalStateException("version 3 cannot start");
                            }
                        }
                        """).build());
        market.sign();
        ApiResponse refused = install("mkt-greeter", "3.0.0");
        assertRefused(refused, "start");
        assertThat(refused.json().get("detail").asText()).contains("version 3 cannot start");
        JsonNode plugin = admin.get("/api/v1/plugins/mkt-greeter").json();
        assertThat(plugin.get("version").asText()).isEqualTo("2.0.0");
        assertThat(plugin.get("state").asText()).isEqualTo("started");
        JsonNode audit = admin.get("/api/v1/audit?targetType=plugin&targetId=mkt-greeter").json().get("items").get(0);
        assertThat(audit.get("action").asText() + ":" + audit.get("outcome").asText())
                .isEqualTo("marketplace.install:failure");
        assertThat(audit.toString()).contains("\"check\":\"start\"");
    }

    @Test
    @Order(20)
    void aRotatedSigningKeyIsAcceptedAndTheRevokedOneRefused() {
        market.sign();
        Map<String, byte[]> signedByOldKey = market.snapshot();
        market.tool("keygen", "--out", market.keys.toString(), "--key-id", "signing-2");
        market.tool("keys", market.index.toString(), "--root-key", market.key("root.private"),
                "--signing-public", market.key("signing-2.public"), "--revoke", "signing-1");
        market.tool("sign", market.index.toString(), "--key", market.key("signing-2.private"));
        ApiResponse rotated = admin.get("/api/v1/marketplace");
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);

        market.restore(signedByOldKey, "index.json", "index.json.sig");
        ApiResponse revoked = admin.get("/api/v1/marketplace");
        assertRefused(revoked, "signature");
        assertThat(revoked.json().get("detail").asText()).contains("revoked");
    }

    @Test
    @Order(21)
    void withoutAMarketplaceTheListIsEmptyAndInstallSaysHowToConfigureOne() {
        try (TestKernel plain = TestKernel.start()) {
            ApiClient plainAdmin = plain.admin();
            ApiResponse listed = plainAdmin.get("/api/v1/marketplace");
            assertThat(listed.status()).isEqualTo(200);
            assertThat(listed.json().get("configured").asBoolean()).isFalse();
            assertThat(listed.json().get("plugins")).isEmpty();
            ApiResponse install = plainAdmin.post("/api/v1/marketplace/install", "{\"id\":\"a\",\"version\":\"1\"}");
            assertThat(install.status()).isEqualTo(409);
            assertThat(install.json().get("detail").asText()).contains("LEADFLOW_MARKETPLACE_URL");
        }
    }
}
