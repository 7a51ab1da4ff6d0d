package io.leadflow.kernel.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadflow.kernel.http.Json;
import io.leadflow.kernel.testing.ApiClient;
import io.leadflow.kernel.testing.ApiResponse;
import io.leadflow.kernel.testing.Executions;
import io.leadflow.kernel.testing.TestKernel;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Code node on a running kernel: user code transforms items in the sandbox, its mistakes and
 * its attacks fail the node run with a precise code, and the kernel goes on serving.
 */
class CodeNodeIT {
    private static TestKernel kernel;
    private static ApiClient admin;

    @BeforeAll
    static void start() throws Exception {
        kernel = TestKernel.start(Map.of("LEADFLOW_SANDBOX_MEMORY_MB", "64"));
        admin = kernel.admin();
        EngineIT.installCore(kernel);
    }

    @AfterAll
    static void stop() {
        kernel.close();
    }

    private static JsonNode run(String code, String mode, String payload) {
        return EngineIT.nodeRun(execute(code, mode, payload), "code");
    }

    private static JsonNode execute(String code, String mode, String payload) {
        ObjectNode config = Json.mapper().createObjectNode().put("code", code).put("mode", mode).put("timeoutSeconds", 2);
        String document = """
                {"name":"Code","nodes":[
                  {"id":"start","name":"Start","type":"core.manual"},
                  {"id":"code","name":"Code","type":"core.code","config":%s}],
                 "edges":[{"from":{"node":"start","port":"main"},"to":{"node":"code","port":"main"}}]}"""
                .formatted(config.toString());
        ApiResponse created = admin.post("/api/v1/workflows", document);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String workflowId = created.json().get("workflow").get("id").asText();
        ApiResponse started = admin.post("/api/v1/workflows/" + workflowId + "/executions", "{\"payload\":" + payload + "}");
        assertThat(started.status()).as(started.body()).isIn(200, 201, 202);
        return Executions.awaitStatus(admin, started.json().get("executionId").asText(), 30, "succeeded", "failed");
    }

    @Test
    void thePaletteOffersTheCodeNode() {
        JsonNode code = palette("core.code");
        assertThat(code.get("available").asBoolean()).isTrue();
        assertThat(code.has("unavailableReason")).isFalse();
    }

    static JsonNode palette(String type) {
        for (JsonNode node : admin.get("/api/v1/nodes").json().get("items")) {
            if (node.get("type").asText().equals(type)) {
                return node;
            }
        }
        throw new AssertionError("no " + type + " in the palette");
    }

    @Test
    void codeTransformsItemsAndItsBracesStayJavaScript() {
        JsonNode run = run("console.log('scoring', $json.email);\n"
                + "const weights = (() => {{ return { a: 2 }; }})();\n"
                + "return items.map(i => ({ json: { email: i.json.email, score: i.json.visits * weights.a } }));",
                "all", "{\"email\":\"ada@example.org\",\"visits\":21}");
        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("succeeded");
        JsonNode out = run.get("output").get("main").get(0);
        assertThat(out.get("score").asInt()).isEqualTo(42);
        assertThat(out.get("email").asText()).isEqualTo("ada@example.org");
        // what a successful run printed is kept with its node run, not only in the kernel's log
        JsonNode logs = run.get("logs");
        assertThat(logs).as(run.toString()).hasSize(1);
        assertThat(logs.get(0).get("level").asText()).isEqualTo("info");
        assertThat(logs.get(0).get("message").asText()).isEqualTo("console: scoring ada@example.org");
        assertThat(logs.get(0).get("at").asText()).isNotBlank();
    }

    @Test
    void aRunKeepsAtMostTwoHundredLogLinesAndSaysHowManyItDropped() {
        JsonNode run = run("for (let i = 0; i < 1000; i++) console.log('line ' + i);\nreturn items;", "all", "{}");
        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("succeeded");
        JsonNode logs = run.get("logs");
        assertThat(logs.size()).isLessThanOrEqualTo(201);
        assertThat(logs.get(0).get("message").asText()).isEqualTo("console: line 0");
        assertThat(logs.get(logs.size() - 1).get("message").asText()).contains("more line(s) not kept");
    }

    @Test
    void erasingALeadErasesItFromTheLogsOfRunsThatPrintedIt() {
        String email = "grace.erased@example.org";
        ApiResponse lead = admin.post("/api/v1/leads", "{\"emails\":[\"" + email + "\"]}");
        assertThat(lead.status()).as(lead.body()).isEqualTo(201);
        JsonNode execution = execute("console.log('calling ' + $json.email);\nreturn items;", "all",
                "{\"email\":\"" + email + "\"}");
        String executionId = execution.get("id").asText();
        assertThat(EngineIT.nodeRun(execution, "code").get("logs").get(0).get("message").asText()).contains(email);

        assertThat(admin.delete("/api/v1/leads/" + lead.json().get("id").asText()).status()).isEqualTo(204);

        JsonNode after = admin.get("/api/v1/executions/" + executionId).json();
        JsonNode logs = EngineIT.nodeRun(after, "code").get("logs");
        assertThat(logs.get(0).get("message").asText()).isEqualTo("[erased]");
        assertThat(after.toString()).doesNotContain(email);
    }

    @Test
    void aThrowFailsTheRunWithTheLineAndWhatWasPrinted() {
        JsonNode run = run("console.log('about to fail');\nthrow new Error('no email on ' + $execution.nodeId);",
                "each", "{\"x\":1}");
        assertThat(run.get("status").asText()).isEqualTo("failed");
        assertThat(run.get("errorCode").asText()).isEqualTo("code_error");
        assertThat(run.get("error").asText()).contains("Error: no email on code").contains("line 2");
        assertThat(run.get("errorDetails").get("console").get(0).asText()).isEqualTo("about to fail");
    }

    @Test
    void escapeAttemptsFailTheirRunsAndTheKernelGoesOn() {
        Map<String, String> attempts = Map.of(
                "return [{ p: require('fs').readFileSync('/etc/passwd', 'utf8') }];", "code_error",
                "return [{ e: process.env }];", "code_error",
                "return [{ b: process.binding('spawn_sync') }];", "code_error",
                "return [{ p: this.constructor.constructor('return process')() }];", "code_error",
                "while (true) {}", "timeout",
                "const a = []; while (true) a.push(new Array(1e6).fill(1));", "memory");
        attempts.forEach((code, expected) -> {
            JsonNode run = run(code, "all", "{}");
            assertThat(run.get("status").asText()).as(code).isEqualTo("failed");
            assertThat(run.get("errorCode").asText()).as(code + ": " + run.get("error")).isEqualTo(expected);
        });
        assertThat(admin.get("/api/v1/health").status()).isEqualTo(200);
        JsonNode after = run("return [{ alive: true }];", "all", "{}");
        assertThat(after.get("status").asText()).isEqualTo("succeeded");
    }

    @Test
    void aKernelWithoutTheSandboxShowsTheNodeUnavailableAndNeverRunsCode() throws Exception {
        try (TestKernel off = TestKernel.start(Map.of("LEADFLOW_SANDBOX", "off"))) {
            ApiClient client = off.admin();
            EngineIT.installCore(off);
            JsonNode code = null;
            for (JsonNode node : client.get("/api/v1/nodes").json().get("items")) {
                if (node.get("type").asText().equals("core.code")) {
                    code = node;
                }
            }
            assertThat(code).isNotNull();
            assertThat(code.get("available").asBoolean()).isFalse();
            assertThat(code.get("unavailableReason").asText()).contains("LEADFLOW_SANDBOX=off");
        }
    }
}
