package io.leadflow.kernel.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeadFlowConfigTest {

    @TempDir
    Path folder;

    @Test
    void defaultsApplyWhenNothingIsSet() {
        LeadFlowConfig config = LeadFlowConfig.of(Map.of());
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.databaseUrl()).isEmpty();
        assertThat(config.maxRequestBodyBytes()).isEqualTo(10L * 1024 * 1024);
        assertThat(config.dataDir()).isEqualTo(Path.of("data").toAbsolutePath());
    }

    @Test
    void environmentWinsOverThePropertiesFile() throws IOException {
        Path file = folder.resolve("leadflow.properties");
        Files.writeString(file, "leadflow.port=9000\nleadflow.db.url=jdbc:postgresql://db/leadflow\n");
        LeadFlowConfig config = LeadFlowConfig.from(Map.of("LEADFLOW_CONF", file.toString(), "LEADFLOW_PORT", "9100",
                "UNRELATED", "x"));
        assertThat(config.port()).isEqualTo(9100);
        assertThat(config.databaseUrl()).contains("jdbc:postgresql://db/leadflow");
    }

    @Test
    void theMarketplaceIsOffByDefaultAndNeedsPinnedRootKeys() throws IOException {
        assertThat(LeadFlowConfig.of(Map.of()).marketplaceUrl()).isEmpty();
        assertThat(LeadFlowConfig.of(Map.of()).marketplaceRootKeys()).isEmpty();
        assertThatThrownBy(() -> LeadFlowConfig.of(Map.of("LEADFLOW_MARKETPLACE_URL", "https://plugins.example/"))
                .marketplaceRootKeys()).isInstanceOf(ConfigException.class)
                .hasMessageContaining("LEADFLOW_MARKETPLACE_ROOT_KEYS");
        assertThatThrownBy(() -> LeadFlowConfig.of(Map.of("LEADFLOW_MARKETPLACE_ROOT_KEYS", "root:not-a-key"))
                .marketplaceRootKeys()).isInstanceOf(ConfigException.class)
                .hasMessageContaining("LEADFLOW_MARKETPLACE_ROOT_KEYS");
        String key = new io.leadflow.marketplace.TrustedKey("root-1",
                io.leadflow.marketplace.Ed25519.generate().getPublic()).format();
        Path file = folder.resolve("leadflow.properties");
        Files.writeString(file, "leadflow.marketplace.url=/srv/index\nleadflow.marketplace.root.keys=" + key + "\n");
        LeadFlowConfig config = LeadFlowConfig.from(Map.of("LEADFLOW_CONF", file.toString()));
        assertThat(config.marketplaceUrl()).contains("/srv/index");
        assertThat(config.marketplaceRootKeys()).extracting(io.leadflow.marketplace.TrustedKey::keyId).containsExactly("root-1");
    }

    @Test
    void aMalformedNumberNamesTheVariable() {
        assertThatThrownBy(() -> LeadFlowConfig.of(Map.of("LEADFLOW_PORT", "eighty")).port())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("LEADFLOW_PORT").hasMessageContaining("eighty");
        assertThatThrownBy(() -> LeadFlowConfig.of(Map.of("LEADFLOW_PORT", "70000")).port())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("between 0 and 65535");
    }
}
