package io.leadflow.kernel.plugin;

import static io.leadflow.kernel.plugin.PluginRuntimeIT.paletteEntry;
import static io.leadflow.kernel.plugin.PluginRuntimeIT.paletteTypes;
import static io.leadflow.kernel.plugin.PluginRuntimeIT.upload;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.kernel.testing.ApiClient;
import io.leadflow.kernel.testing.ApiResponse;
import io.leadflow.kernel.testing.TestKernel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The first-party plugins, as built by Maven (bundles with computed Import-Package and inlined
 * libraries), install into a running kernel and fill the palette.
 */
class FirstPartyPluginsIT {
    private static final Path BUILT = Path.of("target", "first-party-plugins");

    @Test
    void theFirstPartyPluginsInstallAndContributeTheirTypes() throws Exception {
        List<Path> jars;
        try (Stream<Path> files = Files.list(BUILT)) {
            jars = files.filter(path -> path.toString().endsWith(".jar")).sorted().toList();
        }
        assertThat(jars).extracting(jar -> jar.getFileName().toString().replaceAll("-[0-9].*", ""))
                .containsExactly("leadflow-plugin-core-nodes", "leadflow-plugin-instagram", "leadflow-plugin-mailgun",
                        "leadflow-plugin-messenger", "leadflow-plugin-mt5", "leadflow-plugin-twilio", "leadflow-plugin-vapi", "leadflow-plugin-whatsapp");
        try (TestKernel kernel = TestKernel.start()) {
            ApiClient admin = kernel.admin();
            for (Path jar : jars) {
                ApiResponse installed = upload(admin, "POST", "/api/v1/plugins", Files.readAllBytes(jar));
                assertThat(installed.status()).as(jar + ": " + installed.body()).isEqualTo(201);
            }
            assertThat(paletteTypes(admin)).contains("core.webhook", "core.schedule", "core.manual",
                    "core.http-request", "core.set", "core.if", "core.switch", "core.wait", "core.merge",
                    "core.split", "core.loop", "core.respond", "mailgun.send-email", "mailgun.events",
                    "whatsapp.send-template", "vapi.call-and-wait", "mt5.read-account");
            assertThat(paletteEntry(admin, "core.if").get("outputs")).extracting(port -> port.get("name").asText())
                    .containsExactly("true", "false");
            assertThat(paletteEntry(admin, "mailgun.send-email").get("credentialTypes").get(0).asText())
                    .isEqualTo("mailgun.api-key");
            assertThat(admin.get("/api/v1/credential-types").json().get("items"))
                    .extracting(type -> type.get("type").asText()).contains("mailgun.api-key", "twilio.account", "whatsapp.cloud",
                            "messenger.page", "instagram.account", "vapi.account", "mt5.investor-account");
        }
    }
}
