package io.leadflow.kernel.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadflow.kernel.testing.ApiClient;
import io.leadflow.kernel.testing.ApiClientUpload;
import io.leadflow.kernel.testing.ApiResponse;
import io.leadflow.kernel.testing.Executions;
import io.leadflow.kernel.testing.RawDatabase;
import io.leadflow.kernel.testing.TestKernel;
import io.leadflow.plugins.mt5.FakeWebTerminal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The MT5 plugin in a running kernel, installed from its built jar, against the fake web
 * terminal: "Lead submits MT5 details → Read MT5 account → If equity > 1000 → tag 'funded'" end to
 * end; the credential's connection test logs in and its investor password is encrypted at rest; a
 * changed layout leaves its code, selector and screenshot on the node run; stopping the kernel
 * ends Chromium.
 */
class Mt5WorkflowIT {
    private static final String PASSWORD = "inv-Secret#1";

    @Test
    void aLeadWithAFundedAccountIsTaggedAndAChangedLayoutIsRecordedWithItsScreenshot() throws Exception {
        FakeWebTerminal terminal = FakeWebTerminal.start()
                .account(new FakeWebTerminal.Account("51234567", PASSWORD, "FakeBroker-Demo", "USD", 1500.00, 1620.40,
                        100.00, List.of(Map.of("symbol", "EURUSD", "ticket", 7001, "time", "2026.12.06 09:00:00",
                                "type", "buy", "volume", 0.5, "price", 1.085, "current", 1.0874, "profit", 120.40)),
                        List.of()))
                .account(new FakeWebTerminal.Account("50000001", "look-only", "FakeBroker-Demo", "USD", 600.00, 600.00,
                        0.0, List.of(), List.of()));
        // short step timeouts, so the changed layout fails in seconds; read by the plugin on first use
        System.setProperty("LEADFLOW_MT5_SELECTOR_TIMEOUT_MILLIS", "3000");
        try (terminal; TestKernel kernel = TestKernel.start()) {
            ApiClient admin = kernel.admin();
            install(admin, "core-nodes");
            install(admin, "mt5");

            // the credential: its test logs in; the investor password is never returned or stored in clear
            ApiResponse credential = admin.post("/api/v1/credentials", """
                    {"name":"Broker demo","type":"mt5.investor-account","data":{"terminalUrl":"%s",
                     "server":"FakeBroker-Demo","login":"51234567","investorPassword":"%s"}}"""
                    .formatted(terminal.terminalUrl(), PASSWORD));
            assertThat(credential.status()).as(credential.body()).isEqualTo(201);
            assertThat(credential.body()).doesNotContain(PASSWORD);
            assertThat(RawDatabase.dump(kernel, "credential")).doesNotContain(PASSWORD);
            JsonNode tested = admin.post("/api/v1/credentials/" + credential.json().get("id").asText() + "/test", "").json();
            assertThat(tested.get("ok").asBoolean()).as(tested.toString()).isTrue();
            assertThat(tested.get("message").asText()).contains("logged in to account 51234567", "balance 1500.00 USD");
            String wrong = admin.post("/api/v1/credentials", """
                    {"name":"Broker wrong","type":"mt5.investor-account","data":{"terminalUrl":"%s",
                     "server":"FakeBroker-Demo","login":"51234567","investorPassword":"guess"}}"""
                    .formatted(terminal.terminalUrl())).json().get("id").asText();
            JsonNode refused = admin.post("/api/v1/credentials/" + wrong + "/test", "").json();
            assertThat(refused.get("ok").asBoolean()).isFalse();
            assertThat(refused.get("message").asText()).startsWith("login-failed").contains("Invalid account");

            ApiResponse created = admin.post("/api/v1/workflows", """
                    {"name":"Qualify MT5 leads","nodes":[
                      {"id":"form","name":"Form","type":"core.webhook","config":{"path":"mt5/apply"}},
                      {"id":"lead","name":"Lead","type":"core.upsert-lead",
                       "config":{"fields":{"emails":["{{ $json.body.email }}"]}}},
                      {"id":"read","name":"Read MT5 account","type":"mt5.read-account","config":{
                        "terminalUrl":"{{ $node.Form.json.body.terminal }}",
                        "server":"{{ $node.Form.json.body.server }}",
                        "login":"{{ $node.Form.json.body.login }}",
                        "investorPassword":"{{ $node.Form.json.body.investorPassword }}"}},
                      {"id":"funded","name":"Funded?","type":"core.if","config":{"condition":"equity > 1000"}},
                      {"id":"tag","name":"Tag funded","type":"core.add-tag","config":{"tags":"funded"}}],
                     "edges":[
                      {"from":{"node":"form","port":"main"},"to":{"node":"lead","port":"main"}},
                      {"from":{"node":"lead","port":"main"},"to":{"node":"read","port":"main"}},
                      {"from":{"node":"read","port":"main"},"to":{"node":"funded","port":"main"}},
                      {"from":{"node":"funded","port":"true"},"to":{"node":"tag","port":"main"}}]}""");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            String workflowId = created.json().get("workflow").get("id").asText();
            assertThat(admin.post("/api/v1/workflows/" + workflowId + "/activate", "").status()).isEqualTo(200);

            long started = System.nanoTime();
            JsonNode funded = submit(kernel, admin, terminal, "ada@example.org", 51234567, PASSWORD);
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertThat(funded.get("status").asText()).as(funded.toString()).isEqualTo("succeeded");
            JsonNode read = run(funded, "read");
            assertThat(read.get("output").toString()).contains("\"equity\":1620.4", "\"openPositions\":1",
                    "\"symbol\":\"EURUSD\"").doesNotContain(PASSWORD);
            String adaId = run(funded, "lead").get("output").get("main").get(0).get("id").asText();
            assertThat(admin.get("/api/v1/leads/" + adaId).json().get("tags").toString()).contains("funded");

            JsonNode small = submit(kernel, admin, terminal, "bob@example.org", 50000001, "look-only");
            assertThat(small.get("status").asText()).isEqualTo("succeeded");
            assertThat(nodeIds(small)).contains("read", "funded").doesNotContain("tag");
            String bobId = run(small, "lead").get("output").get("main").get(0).get("id").asText();
            assertThat(admin.get("/api/v1/leads/" + bobId).json().get("tags").toString()).doesNotContain("funded");

            // the broker changed its terminal: a permanent failure with the selector and a screenshot
            terminal.mode(FakeWebTerminal.Mode.CHANGED_LOGIN_LAYOUT);
            JsonNode changed = submit(kernel, admin, terminal, "cy@example.org", 51234567, PASSWORD);
            assertThat(changed.get("status").asText()).isEqualTo("failed");
            JsonNode failed = run(changed, "read");
            assertThat(failed.get("attempt").asInt()).as("a permanent failure is not retried").isEqualTo(1);
            assertThat(failed.get("errorCode").asText()).isEqualTo("layout-changed");
            assertThat(failed.get("error").asText()).contains("selector 'login-field'");
            assertThat(failed.get("errorDetails").get("selector").asText()).isEqualTo("login-field");
            String screenshot = failed.get("errorDetails").get("screenshot").asText();
            assertThat(screenshot).startsWith("data:image/png;base64,").hasSizeLessThanOrEqualTo(300 * 1024);
            System.out.printf("MT5 workflow: form to tagged lead in %d ms (first read of the kernel: Chromium starts);"
                    + " layout-changed screenshot %d characters%n", millis, screenshot.length());
            assertThat(chromiumOfThisJvm()).isNotEmpty();
        } finally {
            System.clearProperty("LEADFLOW_MT5_SELECTOR_TIMEOUT_MILLIS");
        }
        // the kernel stopped the plugin: its Chromium is gone
        assertThat(chromiumOfThisJvm()).isEmpty();
    }

    private static JsonNode submit(TestKernel kernel, ApiClient admin, FakeWebTerminal terminal, String email, long login,
                                   String password) {
        ApiResponse accepted = kernel.anonymous().post("/hooks/mt5/apply", """
                {"email":"%s","terminal":"%s","server":"FakeBroker-Demo","login":%d,"investorPassword":"%s"}"""
                .formatted(email, terminal.terminalUrl(), login, password));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        return Executions.awaitStatus(admin, accepted.json().get("executionId").asText(), 90, "succeeded", "failed");
    }

    private static JsonNode run(JsonNode execution, String nodeId) {
        JsonNode last = null;
        for (JsonNode run : execution.get("nodeRuns")) {
            if (run.get("nodeId").asText().equals(nodeId)) {
                last = run;
            }
        }
        assertThat(last).as("a run of " + nodeId + " in " + execution).isNotNull();
        return last;
    }

    private static List<String> nodeIds(JsonNode execution) {
        return execution.get("nodeRuns").findValuesAsText("nodeId");
    }

    private static List<Long> chromiumOfThisJvm() {
        return ProcessHandle.current().descendants()
                .filter(process -> process.info().commandLine().orElse("").contains("leadflow-mt5-chromium-"))
                .filter(process -> !process.info().commandLine().orElse("").isEmpty())
                .map(ProcessHandle::pid).toList();
    }

    private static void install(ApiClient admin, String name) throws Exception {
        try (Stream<Path> files = Files.list(Path.of("target", "first-party-plugins"))) {
            Path jar = files.filter(path -> path.getFileName().toString().startsWith("leadflow-plugin-" + name + "-"))
                    .findFirst().orElseThrow();
            ApiResponse installed = ApiClientUpload.send(admin, "POST", "/api/v1/plugins", admin.token(),
                    Files.readAllBytes(jar));
            assertThat(installed.status()).as(installed.body()).isEqualTo(201);
        }
    }
}
