package io.leadflow.kernel.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadflow.kernel.testing.ApiResponse;
import io.leadflow.kernel.testing.TestKernel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ApiConventionsIT {
    private static TestKernel kernel;

    @BeforeAll
    static void start() {
        kernel = TestKernel.start();
    }

    @AfterAll
    static void stop() {
        kernel.close();
    }

    @Test
    void healthReportsDatabaseVersionAndUptime() {
        ApiResponse health = kernel.anonymous().get("/api/v1/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.header("Cache-Control")).contains("no-store");
        JsonNode body = health.json();
        assertThat(body.get("status").asText()).isEqualTo("up");
        assertThat(body.get("version").asText()).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(body.get("uptimeSeconds").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(body.get("database").get("status").asText()).isEqualTo("up");
        assertThat(body.get("database").get("embedded").asBoolean()).isFalse();
    }

    @Test
    void openApiDocumentIsGeneratedFromTheResources() {
        ApiResponse response = kernel.admin().get("/api/v1/openapi.json");
        assertThat(response.status()).isEqualTo(200);
        JsonNode document = response.json();
        assertThat(document.get("openapi").asText()).startsWith("3.");
        JsonNode paths = document.get("paths");
        assertThat(paths.has("/api/v1/health")).isTrue();
        assertThat(paths.has("/api/v1/auth/login")).isTrue();
        assertThat(paths.get("/api/v1/auth/tokens").has("post")).isTrue();
        assertThat(paths.get("/api/v1/auth/tokens/{id}").has("delete")).isTrue();
        assertThat(paths.get("/api/v1/users/{id}").has("patch")).isTrue();
        assertThat(paths.has("/api/v1/audit")).isTrue();
        assertThat(paths.has("/api/v1/openapi.json")).isFalse();
        assertThat(document.get("components").get("securitySchemes").has("bearer")).isTrue();
    }
}
