package io.leadflow.kernel.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadflow.kernel.testing.ApiClient;
import io.leadflow.kernel.testing.ApiClientUpload;
import io.leadflow.kernel.testing.ApiResponse;
import io.leadflow.kernel.testing.Executions;
import io.leadflow.plugins.meta.HubSignature;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** What the channel ITs do again and again: install a built plugin, run a one-node send, post a signed Meta webhook. */
final class ChannelRuns {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ChannelRuns() {
    }

    /** Installs the first-party plugin jar {@code leadflow-plugin-<name>-*.jar} the build copied for the ITs. */
    static void install(ApiClient admin, String name) throws Exception {
        try (Stream<Path> files = Files.list(Path.of("target", "first-party-plugins"))) {
            Path jar = files.filter(path -> path.getFileName().toString().startsWith("leadflow-plugin-" + name + "-"))
                    .findFirst().orElseThrow();
            ApiResponse installed = ApiClientUpload.send(admin, "POST", "/api/v1/plugins", admin.token(),
                    Files.readAllBytes(jar));
            assertThat(installed.status()).as(installed.body()).isEqualTo(201);
        }
    }

    /** Starts Manual → Send message ({@code send}, one attempt) for the lead; answers the execution id. */
    static String startSend(ApiClient admin, String leadId, String channel, String text, String tag) {
        ApiResponse created = admin.post("/api/v1/workflows", """
                {"name":"Send on %s","nodes":[
                  {"id":"m","name":"Manual","type":"core.manual"},
                  {"id":"send","name":"Send","type":"core.send-message","retry":{"maxAttempts":1},
                   "config":{"channel":"%s","text":"%s"%s}}],
                 "edges":[{"from":{"node":"m","port":"main"},"to":{"node":"send","port":"main"}}]}"""
                .formatted(channel, channel, text, tag == null ? "" : ",\"tag\":\"" + tag + "\""));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return admin.post("/api/v1/workflows/" + created.json().get("workflow").get("id").asText() + "/executions",
                "{\"payload\":{\"leadId\":\"" + leadId + "\"}}").json().get("executionId").asText();
    }

    /** {@link #startSend} and its end. */
    static JsonNode send(ApiClient admin, String leadId, String channel, String text, String tag) {
        return Executions.awaitStatus(admin, startSend(admin, leadId, channel, text, tag), 30, "succeeded", "failed");
    }

    /** The error of the run of {@code nodeId}. */
    static String errorOf(JsonNode execution, String nodeId) {
        for (JsonNode run : execution.get("nodeRuns")) {
            if (run.get("nodeId").asText().equals(nodeId)) {
                return run.path("error").asText();
            }
        }
        throw new AssertionError("no run of " + nodeId + " in " + execution);
    }

    /** Posts a JSON body signed with {@code X-Hub-Signature-256} under {@code secret}, as Meta does. */
    static ApiResponse postSigned(URI hook, String body, String secret) throws Exception {
        return postWithSignature(hook, body, HubSignature.of(secret, body.getBytes(StandardCharsets.UTF_8)));
    }

    /** Posts a JSON body with the given signature header. */
    static ApiResponse postWithSignature(URI hook, String body, String signature) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(hook)
                .header("Content-Type", "application/json")
                .header(HubSignature.HEADER, signature)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return new ApiResponse(response.statusCode(), response.headers(), response.body());
    }
}
