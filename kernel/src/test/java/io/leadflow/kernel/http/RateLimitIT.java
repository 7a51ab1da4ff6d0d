package io.leadflow.kernel.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.kernel.testing.ApiClient;
import io.leadflow.kernel.testing.ApiResponse;
import io.leadflow.kernel.testing.TestKernel;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimitIT {

    @Test
    void perIpLimitAnswers429WithRetryAfter() {
        try (TestKernel kernel = TestKernel.start(Map.of("LEADFLOW_RATE_LIMIT_IP_PER_MINUTE", "5"))) {
            ApiClient client = kernel.anonymous();
            for (int i = 0; i < 5; i++) {
                assertThat(client.get("/api/v1/health").status()).isEqualTo(200);
            }
            ApiResponse limited = client.get("/api/v1/health");
            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.contentType()).startsWith("application/problem+json");
            assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 60);
            assertThat(limited.json().get("type").asText()).isEqualTo("urn:leadflow:problem:rate-limited");
            // unknown routes count too: nobody gets free probing
            assertThat(client.get("/api/v1/no-such-thing").status()).isEqualTo(429);
        }
    }

    @Test
    void perTokenLimitAnswers429ForThatTokenOnly() {
        try (TestKernel kernel = TestKernel.start(Map.of("LEADFLOW_RATE_LIMIT_TOKEN_PER_MINUTE", "3"))) {
            ApiClient first = kernel.admin();
            ApiClient second = kernel.admin();
            for (int i = 0; i < 3; i++) {
                assertThat(first.get("/api/v1/users/me").status()).isEqualTo(200);
            }
            ApiResponse limited = first.get("/api/v1/users/me");
            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.header("Retry-After")).isNotBlank();
            assertThat(limited.json().get("detail").asText()).contains("per-token");
            assertThat(second.get("/api/v1/users/me").status()).isEqualTo(200);
        }
    }

    @Test
    void loginAttemptsAreLimitedPerIp() {
        try (TestKernel kernel = TestKernel.start(Map.of("LEADFLOW_RATE_LIMIT_LOGIN_PER_MINUTE", "3"))) {
            String wrong = "{\"username\":\"admin\",\"password\":\"guess-guess-guess\"}";
            for (int i = 0; i < 3; i++) {
                assertThat(kernel.anonymous().post("/api/v1/auth/login", wrong).status()).isEqualTo(401);
            }
            ApiResponse limited = kernel.anonymous().post("/api/v1/auth/login", wrong);
            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.header("Retry-After")).isNotBlank();
        }
    }
}
