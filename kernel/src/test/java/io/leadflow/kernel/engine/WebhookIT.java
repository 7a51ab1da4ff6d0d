package io.leadflow.kernel.engine;

import static io.leadflow.kernel.engine.EngineIT.edge;
import static io.leadflow.kernel.engine.EngineIT.node;
import static io.leadflow.kernel.engine.EngineIT.workflow;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadflow.kernel.testing.ApiClient;
import io.leadflow.kernel.testing.ApiResponse;
import io.leadflow.kernel.testing.Executions;
import io.leadflow.kernel.testing.TestKernel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /hooks/**} routes to active workflows' webhook triggers; a Respond node answers the request. */
class WebhookIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 4 * 1024 * 1024; // room for the core plugin jar the test installs
    private static TestKernel kernel;
    private static ApiClient editor;

    @BeforeAll
    static void start() throws Exception {
        kernel = TestKernel.start(java.util.Map.of("LEADFLOW_MAX_BODY_BYTES", String.valueOf(MAX_BODY)));
        EngineIT.installCore(kernel);
        editor = kernel.userWithRole("hook-editor", "editor");
    }

    @AfterAll
    static void stop() {
        kernel.close();
    }

    @Test
    void webhookSetIfRespondAnswersWithTheRespondNodesResponse() {
        ObjectNode doc = workflow("Contact form");
        node(doc, "hook", "Form", "core.webhook", JSON.createObjectNode().put("path", "forms/contact")
                .put("secret", "s3cret"));
        node(doc, "clean", "Clean", "core.set", JSON.createObjectNode().set("mappings",
                JSON.createObjectNode().put("email", "$lowercase(body.email)")));
        node(doc, "check", "Has email", "core.if", JSON.createObjectNode().put("condition", "$contains(email, '@')"));
        ObjectNode body = JSON.createObjectNode().put("ok", true).put("email", "{{ $json.email }}");
        node(doc, "answer", "Thanks", "core.respond", JSON.createObjectNode().put("statusCode", 201).set("body", body));
        edge(doc, "hook", "main", "clean", "main");
        edge(doc, "clean", "main", "check", "main");
        edge(doc, "check", "true", "answer", "main");
        String workflowId = create(doc);

        assertThat(hook("forms/contact", "s3cret", "{\"email\":\"ADA@X.ORG\"}").status())
                .as("not active yet").isEqualTo(404);
        assertThat(editor.post("/api/v1/workflows/" + workflowId + "/activate", "").status()).isEqualTo(200);

        ApiResponse answered = hook("forms/contact", "s3cret", "{\"email\":\"ADA@X.ORG\"}");
        assertThat(answered.status()).as(answered.body()).isEqualTo(201);
        assertThat(answered.json().get("ok").asBoolean()).isTrue();
        assertThat(answered.json().get("email").asText()).isEqualTo("ada@x.org");

        ApiResponse forged = hook("forms/contact", "wrong", "{\"email\":\"x@y.z\"}");
        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.contentType()).startsWith("application/problem+json");

        // the If sends an address without '@' nowhere: the execution ends, the request gets 202
        ApiResponse unanswered = hook("forms/contact", "s3cret", "{\"email\":\"not-an-address\"}");
        assertThat(unanswered.status()).as(unanswered.body()).isEqualTo(202);
        assertThat(unanswered.json().get("executionId").asText()).isNotBlank();

        assertThat(editor.post("/api/v1/workflows/" + workflowId + "/deactivate", "").status()).isEqualTo(200);
        assertThat(hook("forms/contact", "s3cret", "{\"email\":\"ADA@X.ORG\"}").status()).isEqualTo(404);
    }

    @Test
    void aWorkflowWithoutARespondNodeAnswers202OnceTheExecutionIsStored() throws Exception {
        ObjectNode doc = workflow("Fire and forget");
        node(doc, "hook", "Hook", "core.webhook", JSON.createObjectNode().put("path", "leads/new"));
        node(doc, "tag", "Tag", "core.set", JSON.createObjectNode().set("mappings",
                JSON.createObjectNode().put("tagged", "true")));
        edge(doc, "hook", "main", "tag", "main");
        String workflowId = create(doc);
        editor.post("/api/v1/workflows/" + workflowId + "/activate", "");

        ApiResponse accepted = hook("leads/new", null, "{\"name\":\"Grace\"}");
        assertThat(accepted.status()).isEqualTo(202);
        JsonNode execution = awaitSucceeded(accepted.json().get("executionId").asText());
        assertThat(execution.get("mode").asText()).isEqualTo("webhook");
        assertThat(execution.get("nodeRuns").get(0).get("output").get("main").get(0).get("body").get("name").asText())
                .isEqualTo("Grace");
        assertThat(hook("nothing/here", null, "{}").status()).isEqualTo(404);
    }

    @Test
    void theWebhookEndpointPassesQueryAndHeadersAndAnswersBadRequestsWithProblems() throws Exception {
        ObjectNode doc = workflow("GET hook");
        node(doc, "hook", "Hook", "core.webhook", JSON.createObjectNode().put("path", "ping").put("method", "GET"));
        String workflowId = create(doc);
        editor.post("/api/v1/workflows/" + workflowId + "/activate", "");
        ApiClient anonymous = kernel.anonymous();

        ApiResponse accepted = anonymous.send("GET", "/hooks/ping?who=Ada%20L&tag=a&tag=b", null, null);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        JsonNode execution = awaitSucceeded(accepted.json().get("executionId").asText());
        JsonNode received = execution.get("nodeRuns").get(0).get("output").get("main").get(0);
        assertThat(received.get("query").get("who").asText()).isEqualTo("Ada L");
        assertThat(received.get("query").get("tag").toString()).isEqualTo("[\"a\",\"b\"]");
        assertThat(received.get("method").asText()).isEqualTo("GET");

        ApiResponse unknown = anonymous.send("GET", "/hooks/nobody/listens", null, null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        assertThat(unknown.json().get("detail").asText()).contains("/hooks/nobody/listens");

        ApiResponse wrongMethod = anonymous.send("POST", "/hooks/ping", "application/json", "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(wrongMethod.status()).as("the route is GET only").isEqualTo(404);

        ApiResponse options = anonymous.send("OPTIONS", "/hooks/ping", null, null);
        assertThat(options.status()).isEqualTo(405);
        assertThat(options.contentType()).startsWith("application/problem+json");

        String badQuery = io.leadflow.kernel.testing.RawHttp.exchange(kernel.kernel().port(),
                "GET /hooks/ping?x=%ZZ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertThat(badQuery).startsWith("HTTP/1.1 400").contains("application/problem+json");

        byte[] oversized = new byte[MAX_BODY + 1];
        ObjectNode upload = workflow("Upload hook");
        node(upload, "hook", "Hook", "core.webhook", JSON.createObjectNode().put("path", "upload").put("method", "PUT"));
        editor.post("/api/v1/workflows/" + create(upload) + "/activate", "");
        ApiResponse refused = anonymous.send("PUT", "/hooks/upload", "application/octet-stream", oversized);
        assertThat(refused.status()).isEqualTo(413);
        assertThat(refused.contentType()).startsWith("application/problem+json");

        // channel webhooks own /hooks/channels/: a workflow cannot take a path there
        ObjectNode squatter = workflow("Squatter");
        node(squatter, "hook", "Hook", "core.webhook", JSON.createObjectNode().put("path", "channels/a/b").put("method", "GET"));
        editor.post("/api/v1/workflows/" + create(squatter) + "/activate", "");
        assertThat(anonymous.send("GET", "/hooks/channels/a/b", null, null).status()).isNotEqualTo(202);

        JsonNode openApi = editor.get("/api/v1/openapi.json").json();
        assertThat(openApi.get("paths").has("/hooks/{path}")).isTrue();
        assertThat(openApi.get("paths").get("/hooks/{path}").has("post")).isTrue();
    }

    private static JsonNode awaitSucceeded(String executionId) {
        JsonNode execution = Executions.awaitStatus(editor, executionId, 20, "succeeded", "failed", "canceled");
        assertThat(execution.get("status").asText()).isEqualTo("succeeded");
        return execution;
    }

    private static String create(ObjectNode doc) {
        ApiResponse created = editor.post("/api/v1/workflows", doc.toString());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("workflow").get("id").asText();
    }

    private static ApiResponse hook(String path, String secret, String json) {
        ApiClient anonymous = kernel.anonymous();
        return secret == null
                ? anonymous.send("POST", "/hooks/" + path, "application/json", json.getBytes(StandardCharsets.UTF_8))
                : io.leadflow.kernel.testing.RawHook.post(anonymous, "/hooks/" + path, "X-Webhook-Secret", secret, json);
    }
}
