package io.leadflow.kernel.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadflow.kernel.testing.EmbeddedDatabaseFiles;
import io.leadflow.kernel.testing.RawDatabase;
import io.leadflow.kernel.testing.TestKernel;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The embedded PostgreSQL a new user gets from the README's run command flushes every commit:
 * its own {@code SHOW} says so, and health reports it. The benchmark switch turns it off, loudly.
 */
class DurableEmbeddedDatabaseIT {

    @Test
    void theEmbeddedDatabaseRunsWithFsyncSynchronousCommitAndFullPageWritesOn() throws Exception {
        try (TestKernel kernel = TestKernel.start(Map.of("LEADFLOW_DB_URL", ""))) {
            String url = EmbeddedDatabaseFiles.jdbcUrl(Path.of(kernel.setting("LEADFLOW_DATA_DIR")));
            assertThat(RawDatabase.value(url, "SHOW fsync")).isEqualTo("on");
            assertThat(RawDatabase.value(url, "SHOW synchronous_commit")).isEqualTo("on");
            assertThat(RawDatabase.value(url, "SHOW full_page_writes")).isEqualTo("on");

            JsonNode health = kernel.anonymous().get("/api/v1/health").json();
            assertThat(health.get("status").asText()).isEqualTo("up");
            JsonNode durability = health.get("database").get("durability");
            assertThat(health.get("database").get("embedded").asBoolean()).isTrue();
            assertThat(durability.get("fsync").asText()).isEqualTo("on");
            assertThat(durability.get("synchronousCommit").asText()).isEqualTo("on");
            assertThat(durability.get("fullPageWrites").asText()).isEqualTo("on");
            assertThat(durability.get("durable").asBoolean()).isTrue();
        }
    }

    @Test
    void theUnsafeFastSwitchTurnsFlushingOffAndHealthSaysSo() throws Exception {
        try (TestKernel kernel = TestKernel.start(Map.of("LEADFLOW_DB_URL", "", "LEADFLOW_DB_UNSAFE_FAST", "true"))) {
            String url = EmbeddedDatabaseFiles.jdbcUrl(Path.of(kernel.setting("LEADFLOW_DATA_DIR")));
            assertThat(RawDatabase.value(url, "SHOW fsync")).isEqualTo("off");
            assertThat(RawDatabase.value(url, "SHOW synchronous_commit")).isEqualTo("off");

            JsonNode durability = kernel.anonymous().get("/api/v1/health").json().get("database").get("durability");
            assertThat(durability.get("fsync").asText()).isEqualTo("off");
            assertThat(durability.get("durable").asBoolean()).isFalse();
        }
    }

    @Test
    void anExternalDatabaseThatDoesNotFlushIsReportedAsNotDurable() {
        // the tests' shared server runs with the library's defaults: fsync and synchronous_commit off
        try (TestKernel kernel = TestKernel.start()) {
            JsonNode durability = kernel.anonymous().get("/api/v1/health").json().get("database").get("durability");
            assertThat(durability.get("fsync").asText()).isEqualTo("off");
            assertThat(durability.get("durable").asBoolean()).isFalse();
        }
    }
}
