package io.leadflow.kernel.marketplace;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadflow.kernel.testing.ApiClient;
import io.leadflow.kernel.testing.ApiResponse;
import io.leadflow.kernel.testing.TestKernel;
import io.leadflow.kernel.testing.ThirdPartyPluginProject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A plugin author's path end to end, without the editor: a project generated from the archetype
 * outside the reactor is built, added to an index with the real tool (which runs the kernel's jar
 * checks), signed, served over HTTP, listed by a kernel and installed from it.
 */
class ThirdPartyMarketplaceIT {

    @Test
    void aThirdPartyPluginIsPublishedAndInstalledFromTheMarketplace() throws Exception {
        Path work = Files.createTempDirectory("third-party");
        Path jar = ThirdPartyPluginProject.generateAndBuild(work, "acme-hello", "acme-hello", "1.0.0");
        try (TestMarketplace market = TestMarketplace.create()) {
            market.add(Files.readAllBytes(jar), "--name", "Acme hello", "--author", "Acme", "--category", "testing");
            market.sign();
            try (TestKernel kernel = TestKernel.start(market.settings())) {
                ApiClient admin = kernel.admin();
                JsonNode listed = admin.get("/api/v1/marketplace").json().get("plugins").get(0);
                assertThat(listed.get("id").asText()).isEqualTo("acme-hello");
                assertThat(listed.get("latestCompatible").asText()).isEqualTo("1.0.0");
                assertThat(listed.get("releases").get(0).get("compatible").asBoolean()).isTrue();

                ApiResponse installed = admin.post("/api/v1/marketplace/install", "{\"id\":\"acme-hello\",\"version\":\"1.0.0\"}");
                assertThat(installed.status()).as(installed.body()).isEqualTo(200);
                assertThat(installed.json().get("state").asText()).isEqualTo("started");
                assertThat(installed.json().get("nodeTypes")).isNotEmpty()
                        .allSatisfy(type -> assertThat(type.asText()).startsWith("acme-hello."));
            }
        }
    }
}
