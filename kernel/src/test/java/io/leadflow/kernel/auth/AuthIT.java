package io.leadflow.kernel.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadflow.kernel.testing.ApiClient;
import io.leadflow.kernel.testing.ApiResponse;
import io.leadflow.kernel.testing.TestKernel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AuthIT {
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
    void everyProtectedEndpointAnswers401WithoutAValidToken() {
        ApiClient anonymous = kernel.anonymous();
        ApiClient forged = anonymous.withToken("lf_thisTokenWasNeverIssued0000000000000000000");
        for (String path : List.of("/api/v1/users", "/api/v1/users/me", "/api/v1/auth/tokens", "/api/v1/audit",
                "/api/v1/openapi.json")) {
            for (ApiClient client : List.of(anonymous, forged)) {
                ApiResponse response = client.get(path);
                assertThat(response.status()).as(path).isEqualTo(401);
                assertThat(response.contentType()).startsWith("application/problem+json");
                assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
                assertThat(response.json().get("type").asText()).isEqualTo("urn:leadflow:problem:unauthorized");
            }
        }
        assertThat(anonymous.post("/api/v1/auth/tokens", "{\"name\":\"x\"}").status()).isEqualTo(401);
    }

    @Test
    void healthAndLoginArePublic() {
        assertThat(kernel.anonymous().get("/api/v1/health").status()).isEqualTo(200);
        assertThat(kernel.anonymous().post("/api/v1/auth/login",
                "{\"username\":\"admin\",\"password\":\"" + TestKernel.ADMIN_PASSWORD + "\"}").status()).isEqualTo(200);
    }

    @Test
    void rolesAreEnforcedWith403() {
        ApiClient viewer = kernel.userWithRole("vera-viewer", "viewer");
        ApiClient editor = kernel.userWithRole("eddie-editor", "editor");

        assertThat(viewer.get("/api/v1/users/me").json().get("role").asText()).isEqualTo("viewer");
        ApiResponse forbidden = viewer.get("/api/v1/users");
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.contentType()).startsWith("application/problem+json");
        assertThat(forbidden.json().get("type").asText()).isEqualTo("urn:leadflow:problem:forbidden");
        assertThat(viewer.post("/api/v1/users", "{\"username\":\"x\",\"password\":\"0123456789ab\",\"role\":\"admin\"}")
                .status()).isEqualTo(403);
        assertThat(editor.get("/api/v1/audit").status()).isEqualTo(403);
        assertThat(editor.get("/api/v1/users").status()).isEqualTo(403);
        assertThat(admin.get("/api/v1/audit").status()).isEqualTo(200);
        assertThat(admin.get("/api/v1/users").status()).isEqualTo(200);
        // every role may manage its own tokens
        assertThat(viewer.post("/api/v1/auth/tokens", "{\"name\":\"ci\"}").status()).isEqualTo(201);
    }

    @Test
    void aRevokedTokenStopsWorkingAtOnce() {
        ApiResponse created = admin.post("/api/v1/auth/tokens", "{\"name\":\"deploy script\",\"expiresInDays\":30}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Location")).contains("/api/v1/auth/tokens/");
        String secret = created.json().get("secret").asText();
        String id = created.json().get("token").get("id").asText();
        assertThat(secret).startsWith("lf_");
        assertThat(created.json().get("token").has("secret")).isFalse();

        ApiClient script = kernel.anonymous().withToken(secret);
        assertThat(script.get("/api/v1/users/me").status()).isEqualTo(200);

        // the list never shows the secret again
        ApiResponse list = admin.get("/api/v1/auth/tokens");
        assertThat(list.body()).doesNotContain(secret);
        assertThat(ids(list.json().get("items"))).contains(id);

        assertThat(admin.delete("/api/v1/auth/tokens/" + id).status()).isEqualTo(204);
        assertThat(script.get("/api/v1/users/me").status()).isEqualTo(401);
        assertThat(ids(admin.get("/api/v1/auth/tokens").json().get("items"))).doesNotContain(id);
        assertThat(admin.delete("/api/v1/auth/tokens/" + id).status()).isEqualTo(404);
    }

    @Test
    void aTokenNeverGrantsMoreThanItsRoleOrItsUser() {
        String secret = admin.post("/api/v1/auth/tokens", "{\"name\":\"read only\",\"role\":\"viewer\"}")
                .json().get("secret").asText();
        ApiClient readOnly = kernel.anonymous().withToken(secret);
        assertThat(readOnly.get("/api/v1/users/me").status()).isEqualTo(200);
        assertThat(readOnly.get("/api/v1/users").status()).isEqualTo(403);

        ApiClient editor = kernel.userWithRole("ed-upgrade", "editor");
        ApiResponse escalation = editor.post("/api/v1/auth/tokens", "{\"name\":\"sneaky\",\"role\":\"admin\"}");
        assertThat(escalation.status()).isEqualTo(422);
        assertThat(escalation.json().get("errors").get(0).get("pointer").asText()).isEqualTo("/role");
    }

    @Test
    void disablingAUserEndsTheirSessionsAtOnce() {
        ApiClient dora = kernel.userWithRole("dora-disabled", "editor");
        String id = dora.get("/api/v1/users/me").json().get("id").asText();
        ApiResponse disabled = admin.patch("/api/v1/users/" + id, "{\"disabled\":true}");
        assertThat(disabled.status()).isEqualTo(200);
        assertThat(disabled.json().get("disabled").asBoolean()).isTrue();
        assertThat(dora.get("/api/v1/users/me").status()).isEqualTo(401);
        assertThat(kernel.anonymous().post("/api/v1/auth/login",
                "{\"username\":\"dora-disabled\",\"password\":\"password-of-dora-disabled\"}").status()).isEqualTo(401);
    }

    @Test
    void theLastAdminCannotBeDemotedAndUsernamesAreUnique() {
        String adminId = admin.get("/api/v1/users/me").json().get("id").asText();
        ApiResponse demote = admin.patch("/api/v1/users/" + adminId, "{\"role\":\"viewer\"}");
        assertThat(demote.status()).isEqualTo(409);
        assertThat(admin.get("/api/v1/users/me").json().get("role").asText()).isEqualTo("admin");

        ApiResponse duplicate = admin.post("/api/v1/users",
                "{\"username\":\"ADMIN\",\"password\":\"another-password\",\"role\":\"viewer\"}");
        assertThat(duplicate.status()).isEqualTo(409);
        ApiResponse weak = admin.post("/api/v1/users", "{\"username\":\"weakling\",\"password\":\"short\",\"role\":\"viewer\"}");
        assertThat(weak.status()).isEqualTo(422);
        assertThat(weak.json().get("errors").get(0).get("pointer").asText()).isEqualTo("/password");
    }

    @Test
    void loginsFailuresAndTokenChangesAreAudited() {
        ApiResponse failed = kernel.anonymous().post("/api/v1/auth/login",
                "{\"username\":\"admin\",\"password\":\"wrong-password\"}");
        assertThat(failed.status()).isEqualTo(401);
        assertThat(failed.json().get("type").asText()).isEqualTo("urn:leadflow:problem:invalid-credentials");
        String tokenId = admin.post("/api/v1/auth/tokens", "{\"name\":\"audited\"}").json().get("token").get("id").asText();
        admin.delete("/api/v1/auth/tokens/" + tokenId);
        kernel.userWithRole("audited-user", "viewer");

        JsonNode failures = admin.get("/api/v1/audit?action=auth.login&limit=500").json().get("items");
        assertThat(failures).anySatisfy(row -> {
            assertThat(row.get("outcome").asText()).isEqualTo("failure");
            assertThat(row.get("detail").get("username").asText()).isEqualTo("admin");
            assertThat(row.get("clientIp").asText()).isEqualTo("127.0.0.1");
        });
        assertThat(failures).anySatisfy(row -> assertThat(row.get("outcome").asText()).isEqualTo("success"));
        assertThat(admin.get("/api/v1/audit?targetType=token&targetId=" + tokenId).json().get("items"))
                .extracting(row -> row.get("action").asText())
                .containsExactly("token.revoked", "token.created");
        assertThat(admin.get("/api/v1/audit?action=user.created").json().get("items"))
                .anySatisfy(row -> assertThat(row.get("detail").get("username").asText()).isEqualTo("audited-user"));
    }

    @Test
    void logoutRevokesTheSessionToken() {
        ApiClient session = kernel.admin();
        assertThat(session.post("/api/v1/auth/logout", "").status()).isEqualTo(204);
        assertThat(session.get("/api/v1/users/me").status()).isEqualTo(401);
    }

    private static List<String> ids(JsonNode items) {
        List<String> ids = new ArrayList<>();
        items.forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }
}
