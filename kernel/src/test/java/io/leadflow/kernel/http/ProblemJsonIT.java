package io.leadflow.kernel.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.kernel.testing.ApiClient;
import io.leadflow.kernel.testing.ApiResponse;
import io.leadflow.kernel.testing.RawHttp;
import io.leadflow.kernel.testing.TestKernel;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every error is RFC 9457 problem+json with a stable type, and never leaks internals. */
class ProblemJsonIT {
    private static final int BODY_LIMIT = 4096;
    private static TestKernel kernel;
    private static ApiClient admin;

    @BeforeAll
    static void start() {
        kernel = TestKernel.start(Map.of("LEADFLOW_MAX_BODY_BYTES", Integer.toString(BODY_LIMIT)));
        admin = kernel.admin();
    }

    @AfterAll
    static void stop() {
        kernel.close();
    }

    @Test
    void malformedJsonIs400WithWhereItBroke() {
        ApiResponse response = admin.post("/api/v1/users", "{\"username\": \"x\", ");
        assertProblem(response, 400, "malformed-json");
        assertThat(response.json().get("detail").asText()).contains("line 1");
    }

    @Test
    void wrongTypesAndUnknownMembersAre400WithAPointer() {
        ApiResponse number = admin.post("/api/v1/users", "{\"username\": 42, \"password\":\"0123456789ab\",\"role\":\"viewer\"}");
        assertProblem(number, 400, "invalid-body");
        assertThat(number.json().get("pointer").asText()).isEqualTo("/username");

        ApiResponse role = admin.post("/api/v1/users", "{\"username\":\"ok-name\",\"password\":\"0123456789ab\",\"role\":\"owner\"}");
        assertProblem(role, 400, "invalid-body");
        assertThat(role.json().get("detail").asText()).contains("owner");

        ApiResponse unknown = admin.post("/api/v1/users", "{\"username\":\"ok-name\",\"isAdmin\":true}");
        assertProblem(unknown, 400, "invalid-body");
        assertThat(unknown.json().get("detail").asText()).contains("isAdmin");

        ApiResponse array = admin.post("/api/v1/auth/tokens", "[1,2,3]");
        assertProblem(array, 400, "invalid-body");
    }

    @Test
    void wrongContentTypeIs415() {
        ApiResponse response = admin.send("POST", "/api/v1/users", "text/plain",
                "username=x".getBytes(StandardCharsets.UTF_8));
        assertProblem(response, 415, "unsupported-media-type");
    }

    @Test
    void unknownRoutesAre404ProblemsNotHtml() {
        assertProblem(admin.get("/api/v1/no-such-resource"), 404, "not-found");
        assertProblem(admin.get("/api/v2/health"), 404, "not-found");
        // without a token an unknown API path is 401 like any protected one: no route enumeration
        assertProblem(kernel.anonymous().get("/api/v2/health"), 401, "unauthorized");
        assertProblem(kernel.anonymous().get("/assets/missing.js"), 404, "not-found");
        assertProblem(kernel.anonymous().get("/ws"), 426, "upgrade-required");
        assertProblem(admin.get("/api/v1/users/not-a-uuid"), 404, "not-found");
        assertProblem(admin.get("/api/v1/users/00000000-0000-0000-0000-000000000000"), 404, "not-found");
    }

    @Test
    void clientRoutesOfTheEditorGetItsIndexPage() {
        ApiResponse page = kernel.anonymous().get("/workflows/some-id");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("LeadFlow");
    }

    @Test
    void malformedPathEscapesAre400() {
        String raw = RawHttp.exchange(kernel.kernel().port(),
                "GET /api/v1/users/%ZZ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertThat(raw).startsWith("HTTP/1.1 400").contains("application/problem+json")
                .contains("urn:leadflow:problem:invalid-path");
        assertProblem(kernel.anonymous().get("/api/v1/users/%00"), 400, "invalid-path");
        assertProblem(kernel.anonymous().get("/%2e%2e/%2e%2e/etc/passwd"), 400, "invalid-path");
    }

    @Test
    void requestsTheHttpCodecCannotParseGetABare400NeverAPageOrATrace() {
        // Grizzly's codec answers these before any handler runs: an empty 400, no body to leak
        String raw = RawHttp.exchange(kernel.kernel().port(),
                "GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\nX-Huge: " + "a".repeat(20_000)
                        + "\r\nConnection: close\r\n\r\n");
        assertThat(raw).startsWith("HTTP/1.1 400").contains("Content-Length: 0").doesNotContain("<html", "Exception");
    }

    @Test
    void wrongMethodIs405WithAllow() {
        ApiResponse response = kernel.anonymous().delete("/api/v1/health");
        assertProblem(response, 405, "method-not-allowed");
        assertThat(response.header("Allow")).contains("GET");
    }

    @Test
    void oversizedBodiesAre413WhetherDeclaredOrStreamed() {
        byte[] big = ("{\"name\":\"" + "x".repeat(BODY_LIMIT * 2) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertProblem(admin.send("POST", "/api/v1/auth/tokens", "application/json", big), 413, "payload-too-large");
        ApiResponse chunked = admin.postChunked("/api/v1/auth/tokens", () -> new ByteArrayInputStream(big));
        assertProblem(chunked, 413, "payload-too-large");
        assertThat(chunked.json().get("limitBytes").asLong()).isEqualTo(BODY_LIMIT);
        // a body under the limit still works
        assertThat(admin.post("/api/v1/auth/tokens", "{\"name\":\"small\"}").status()).isEqualTo(201);
    }

    @Test
    void invalidParametersAre400() {
        ApiResponse response = admin.get("/api/v1/audit?limit=abc");
        assertProblem(response, 400, "invalid-parameter");
        assertThat(response.json().get("parameter").asText()).isEqualTo("limit");
        assertProblem(admin.get("/api/v1/audit?limit=100000"), 400, "invalid-parameter");
        assertProblem(admin.get("/api/v1/audit?since=yesterday"), 400, "invalid-parameter");
    }

    @Test
    void sqlMetacharactersInParametersAreJustData() {
        List<String> hostile = List.of("' OR '1'='1", "'; DROP TABLE app_user; --", "\" OR \"\"=\"", "1; SELECT pg_sleep(5)",
                "%' UNION SELECT password_hash FROM app_user --", "\\'; --", "${jndi:ldap://x}");
        for (String value : hostile) {
            String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8);
            ApiResponse audit = admin.get("/api/v1/audit?action=" + encoded + "&actorId=" + encoded
                    + "&targetType=" + encoded + "&targetId=" + encoded);
            assertThat(audit.status()).as(value).isEqualTo(200);
            assertThat(audit.json().get("items")).isEmpty();

            String segment = encoded.replace("+", "%20");
            // an escaped backslash or NUL is refused as a malformed path, anything else names no user
            int expected = segment.contains("%5C") ? 400 : 404;
            String slug = expected == 400 ? "invalid-path" : "not-found";
            assertProblem(admin.get("/api/v1/users/" + segment), expected, slug);
            assertProblem(admin.delete("/api/v1/auth/tokens/" + segment), expected, slug);

            ApiResponse login = kernel.anonymous().post("/api/v1/auth/login",
                    "{\"username\":" + jsonString(value) + ",\"password\":" + jsonString(value) + "}");
            assertThat(login.status()).as(value).isIn(401, 429);
            assertNoLeak(login);
        }
        // the tables are all still there and intact
        assertThat(admin.get("/api/v1/users").json().get("items")).isNotEmpty();
    }

    private static String jsonString(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static void assertProblem(ApiResponse response, int status, String slug) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("type").asText()).isEqualTo("urn:leadflow:problem:" + slug);
        assertThat(response.json().get("status").asInt()).isEqualTo(status);
        assertThat(response.json().get("title").asText()).isNotBlank();
        assertThat(response.json().has("detail")).isTrue();
        assertNoLeak(response);
    }

    private static void assertNoLeak(ApiResponse response) {
        assertThat(response.body()).doesNotContain("Exception", "at io.", "at org.", "password_hash", "SQL", "<html");
    }
}
