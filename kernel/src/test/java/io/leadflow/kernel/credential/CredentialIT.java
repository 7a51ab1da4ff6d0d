package io.leadflow.kernel.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.leadflow.kernel.boot.ConfigException;
import io.leadflow.kernel.testing.ApiClient;
import io.leadflow.kernel.testing.ApiClientUpload;
import io.leadflow.kernel.testing.ApiResponse;
import io.leadflow.kernel.testing.RawDatabase;
import io.leadflow.kernel.testing.TestKernel;
import io.leadflow.kernel.testing.TestPluginJar;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Credentials are validated against their type, encrypted at rest, never returned, and testable. */
public class CredentialIT {
    private static final String SECRET = "key-3ax6xnjp29jd6fds4gc373sgvjxteol0";

    @Test
    void credentialsAreEncryptedNeverReturnedAndTestedAgainstTheProvider() throws Exception {
        HttpServer provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        provider.createContext("/check", exchange -> {
            boolean ok = ("Bearer " + SECRET).equals(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = (ok ? "fine" : "nope").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(ok ? 200 : 401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        provider.start();
        TestKernel kernel = TestKernel.start();
        try {
            ApiClient admin = kernel.admin();
            ApiResponse installed = ApiClientUpload.send(admin, "POST", "/api/v1/plugins", admin.token(),
                    pluginWithCredentialType().build());
            assertThat(installed.status()).as(installed.body()).isEqualTo(201);
            assertThat(admin.get("/api/v1/credential-types").json().get("items").get(0).get("schema")
                    .get("properties").get("apiKey").get("writeOnly").asBoolean()).isTrue();

            String base = "http://127.0.0.1:" + provider.getAddress().getPort();
            ApiResponse created = admin.post("/api/v1/credentials", "{\"name\":\"Acme prod\",\"type\":\"acme.api-key\","
                    + "\"data\":{\"apiKey\":\"" + SECRET + "\",\"baseUrl\":\"" + base + "\"}}");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            assertThat(created.body()).doesNotContain(SECRET);
            assertThat(created.json().get("fields").get("baseUrl").asText()).isEqualTo(base);
            assertThat(created.json().get("secretFields").get(0).asText()).isEqualTo("apiKey");
            String id = created.json().get("id").asText();
            assertThat(admin.get("/api/v1/credentials").body()).doesNotContain(SECRET).contains("Acme prod");
            assertThat(admin.get("/api/v1/credentials/" + id).body()).doesNotContain(SECRET);
            assertThat(RawDatabase.dump(kernel, "credential")).doesNotContain(SECRET).contains("v1:");

            ApiResponse tested = admin.post("/api/v1/credentials/" + id + "/test", "");
            assertThat(tested.status()).isEqualTo(200);
            assertThat(tested.json().get("ok").asBoolean()).as(tested.body()).isTrue();

            String wrongId = admin.post("/api/v1/credentials", "{\"name\":\"Acme wrong\",\"type\":\"acme.api-key\","
                    + "\"data\":{\"apiKey\":\"wrong\",\"baseUrl\":\"" + base + "\"}}").json().get("id").asText();
            ApiResponse failed = admin.post("/api/v1/credentials/" + wrongId + "/test", "");
            assertThat(failed.json().get("ok").asBoolean()).isFalse();
            assertThat(failed.json().get("message").asText()).contains("401");

            ApiResponse missing = admin.post("/api/v1/credentials", "{\"name\":\"x\",\"type\":\"acme.api-key\",\"data\":{}}");
            assertThat(missing.status()).isEqualTo(422);
            assertThat(missing.json().get("errors").get(0).get("pointer").asText()).isEqualTo("/data/apiKey");
            ApiResponse unknownType = admin.post("/api/v1/credentials", "{\"name\":\"x\",\"type\":\"nope.key\",\"data\":{}}");
            assertThat(unknownType.status()).isEqualTo(422);
            ApiResponse unknownField = admin.post("/api/v1/credentials", "{\"name\":\"x\",\"type\":\"acme.api-key\","
                    + "\"data\":{\"apiKey\":\"k\",\"password\":\"p\"}}");
            assertThat(unknownField.json().get("errors").get(0).get("pointer").asText()).isEqualTo("/data/password");

            assertThat(kernel.userWithRole("cred-viewer", "viewer").get("/api/v1/credentials").status()).isEqualTo(403);
            assertThat(admin.delete("/api/v1/credentials/" + wrongId).status()).isEqualTo(204);
            assertThat(admin.get("/api/v1/audit?targetType=credential&targetId=" + id).json().get("items"))
                    .extracting(row -> row.get("action").asText()).containsExactly("credential.tested", "credential.created");
            assertThat(admin.get("/api/v1/audit?targetType=credential").body()).doesNotContain(SECRET);

            String otherKey = Base64.getEncoder().encodeToString(new byte[32]);
            TestKernel running = kernel;
            assertThatThrownBy(() -> running.restart(Map.of("LEADFLOW_MASTER_KEY", otherKey)))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("not the key this database's secrets were encrypted with");
            kernel = null;
        } finally {
            if (kernel != null) {
                kernel.close();
            }
            provider.stop(0);
        }
    }

    /** A plugin with one credential type, {@code acme.api-key}, whose test calls {@code <baseUrl>/check} with the key. */
    public static TestPluginJar pluginWithCredentialType() {
        return TestPluginJar.plugin("acme", "1.0.0")
                .header("Import-Package", "io.leadflow.api;version=\"[1.0,2)\",io.leadflow.api.credential;version=\"[1.0,2)\"")
                .withPluginClass("test.acme")
                .source("test.acme.AcmeKey", """
                        package test.acme;
                        import io.leadflow.api.credential.*;
                        import io.leadflow.api.http.*;
                        import io.leadflow.api.node.Property;
                        import java.net.URI;
                        import java.util.List;
                        import java.util.concurrent.CompletionStage;
                        @org.pf4j.Extension
                        public class AcmeKey implements CredentialType {
                            static final Property<String> API_KEY = Property.string("apiKey").required().secret().build();
                            static final Property<String> BASE_URL = Property.string("baseUrl").defaultValue("https://api.acme.test").build();
                            public CredentialDescriptor descriptor() {
                                return new CredentialDescriptor("acme.api-key", "Acme API key", "", List.of(API_KEY, BASE_URL));
                            }
                            public CompletionStage<ConnectionTest> test(Credential credential, HttpClient http) {
                                return http.send(HttpRequest.get(URI.create(credential.get(BASE_URL) + "/check"))
                                        .header("Authorization", "Bearer " + credential.get(API_KEY)).build())
                                    .thenApply(r -> r.successful() ? ConnectionTest.ok("reached Acme")
                                        : ConnectionTest.failed("Acme answered " + r.status()));
                            }
                        }
                        """);
    }
}
