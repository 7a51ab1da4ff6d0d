package io.leadflow.kernel.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import com.sun.net.httpserver.HttpServer;
import io.leadflow.kernel.testing.ApiClient;
import io.leadflow.kernel.testing.ApiResponse;
import io.leadflow.kernel.testing.Executions;
import io.leadflow.kernel.testing.TestKernel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * The execution view in real Chromium: the run on the canvas of the version it pinned, the path it
 * took highlighted and the rest dimmed, each node's input and output as a table and as JSON,
 * "retry from the failed node" followed live over the WebSocket until the run succeeds, and the
 * link that copies the run to the editor as pinned data. Screenshots at 1280×800 and 1920×1080.
 */
class ExecutionViewE2EIT {

    @Test
    void showsThePathTakenEachNodesDataAndRetriesFromTheFailedNode() throws Exception {
        // the CRM the failing workflow calls: refuses (404, a permanent failure) until told otherwise
        AtomicInteger crmStatus = new AtomicInteger(404);
        HttpServer crm = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        crm.createContext("/crm", exchange -> {
            int status = crmStatus.get();
            byte[] body = (status == 200 ? "{\"id\": \"crm-42\", \"saved\": true}" : "{\"error\": \"no such list\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        crm.start();
        try (TestKernel kernel = TestKernel.start();
             Playwright playwright = Chromium.playwright();
             Browser browser = Chromium.launch(playwright)) {
            ApiClient admin = kernel.admin();
            EditorE2EIT.installPlugin(admin, "core-nodes");
            String base = kernel.kernel().baseUri().toString().replaceAll("/$", "");
            Files.createDirectories(EditorE2EIT.SCREENSHOTS);

            // a run that takes the If's true branch
            String scoring = create(admin, """
                    {"name": "Lead scoring",
                     "nodes": [
                       {"id": "start", "name": "Manual run", "type": "core.manual", "position": {"x": 60, "y": 200}},
                       {"id": "check", "name": "Score above 50", "type": "core.if",
                        "config": {"condition": "score > 50"}, "position": {"x": 360, "y": 200}},
                       {"id": "hot", "name": "Hot lead", "type": "core.set",
                        "config": {"mappings": {"tier": "'hot'", "owner": "'sales'"}}, "position": {"x": 680, "y": 80}},
                       {"id": "cold", "name": "Cold lead", "type": "core.set",
                        "config": {"mappings": {"tier": "'cold'"}}, "position": {"x": 680, "y": 340}}
                     ],
                     "edges": [
                       {"from": {"node": "start", "port": "main"}, "to": {"node": "check", "port": "main"}},
                       {"from": {"node": "check", "port": "true"}, "to": {"node": "hot", "port": "main"}},
                       {"from": {"node": "check", "port": "false"}, "to": {"node": "cold", "port": "main"}}
                     ]}""");
            String branched = run(admin, scoring, "{\"name\": \"Ada\", \"score\": 80, \"tags\": [\"webinar\", \"vip\"]}");
            Executions.awaitStatus(admin, branched, 20, "succeeded");

            // a run whose HTTP call is refused
            String sync = create(admin, """
                    {"name": "Sync to CRM",
                     "nodes": [
                       {"id": "start", "name": "Manual run", "type": "core.manual", "position": {"x": 60, "y": 160}},
                       {"id": "send", "name": "Send to CRM", "type": "core.http-request",
                        "config": {"method": "GET", "url": "http://127.0.0.1:%d/crm"}, "position": {"x": 360, "y": 160}},
                       {"id": "done", "name": "Mark synced", "type": "core.set",
                        "config": {"mappings": {"synced": "true"}}, "position": {"x": 680, "y": 160}}
                     ],
                     "edges": [
                       {"from": {"node": "start", "port": "main"}, "to": {"node": "send", "port": "main"}},
                       {"from": {"node": "send", "port": "main"}, "to": {"node": "done", "port": "main"}}
                     ]}""".formatted(crm.getAddress().getPort()));
            String failed = run(admin, sync, "{\"name\": \"Grace\"}");
            Executions.awaitStatus(admin, failed, 20, "failed");

            try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800))) {
                context.addInitScript("sessionStorage.setItem('leadflow.token', '" + admin.token() + "')");
                Page page = context.newPage();
                List<String> reads = new ArrayList<>();
                page.onRequest(request -> {
                    if (request.method().equals("GET") && request.url().contains("/api/v1/executions/")) {
                        reads.add(request.url());
                    }
                });

                // the branch: the path taken stands out, the other branch is dimmed
                page.navigate(base + "/executions/" + branched);
                assertThat(page.locator("h1")).hasText(branched.substring(0, 8));
                assertThat(page.locator(".status-badge").first()).hasText("succeeded");
                Locator toCheck = edge(page, "start:main->check:main");
                Locator toHot = edge(page, "check:true->hot:main");
                Locator toCold = edge(page, "check:false->cold:main");
                assertThat(toCheck).hasClass(Pattern.compile("\\bedge-taken\\b"));
                assertThat(toHot).hasClass(Pattern.compile("\\bedge-taken\\b"));
                assertThat(toCold).hasClass(Pattern.compile("\\bedge-untaken\\b"));
                assertThat(toCold).not().hasClass(Pattern.compile("\\bedge-taken\\b"));
                assertThat(toHot).hasAttribute("aria-label", "Connection from Score above 50 (true) to Hot lead, taken in this run");
                assertThat(toCold).hasAttribute("aria-label", "Connection from Score above 50 (false) to Cold lead, not taken in this run");
                Locator hot = EditorE2EIT.canvasNode(page, "Hot lead");
                Locator cold = EditorE2EIT.canvasNode(page, "Cold lead");
                assertThat(hot.locator(".flow-node")).hasAttribute("data-status", "succeeded");
                assertThat(cold.locator(".flow-node")).hasAttribute("data-status", "idle");
                // the node runs list as before: the three nodes that ran
                assertThat(page.locator(".node-run-row")).hasCount(3);

                // a node's output as a table: a column per top-level key, a row per item
                hot.click();
                Locator details = page.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("Node run"));
                assertThat(details.locator(".node-run-status")).hasText("succeeded");
                Locator output = details.getByTestId("node-run-output");
                Locator table = output.locator("table.node-data-table");
                // in the order the kernel stores them (PostgreSQL's jsonb orders keys by length, then bytes)
                assertThat(table.locator("thead th")).hasText(new String[] {"#", "name", "tags", "tier", "owner", "score"});
                assertThat(table.locator("tbody tr")).hasCount(1);
                assertThat(table.locator("tbody td")).hasText(new String[] {"Ada", "[\"webinar\",\"vip\"]", "hot", "sales", "80"});
                assertThat(output.locator(".item-count")).hasText("1 item");
                // and as JSON, chosen by the keyboard
                Locator json = output.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("JSON").setExact(true));
                json.focus();
                page.keyboard().press("Enter");
                assertThat(json).hasAttribute("aria-pressed", "true");
                assertThat(output.locator("pre.json-view")).containsText("\"tier\": \"hot\"");
                assertThat(output.locator("pre.json-view")).containsText("\"owner\": \"sales\"");
                assertThat(table).hasCount(0);
                output.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Table").setExact(true)).click();
                assertThat(table).isVisible();

                // the If's output: a tab per port, the one with items first, the arrows move between them
                EditorE2EIT.canvasNode(page, "Score above 50").click();
                Locator ports = output.getByRole(AriaRole.TABLIST, new Locator.GetByRoleOptions().setName("Output port"));
                Locator trueTab = ports.getByRole(AriaRole.TAB, new Locator.GetByRoleOptions().setName(Pattern.compile("^true")));
                Locator falseTab = ports.getByRole(AriaRole.TAB, new Locator.GetByRoleOptions().setName(Pattern.compile("^false")));
                assertThat(trueTab).hasAttribute("aria-selected", "true");
                assertThat(trueTab).hasText("true (1)");
                assertThat(falseTab).hasText("false (0)");
                assertThat(output.getByRole(AriaRole.TABPANEL)).containsText("Ada");
                trueTab.focus();
                page.keyboard().press("ArrowRight");
                assertThat(falseTab).hasAttribute("aria-selected", "true");
                assertThat(falseTab).isFocused();
                assertThat(output.getByRole(AriaRole.TABPANEL)).containsText("No items on false");
                assertThat(output.locator(".item-count")).hasText("0 items");
                page.keyboard().press("ArrowLeft");
                assertThat(trueTab).hasAttribute("aria-selected", "true");

                // copy to the editor as pinned data: a link to the workflow with this execution
                Locator copy = page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Copy to editor as pinned data"));
                assertThat(copy).hasAttribute("href", "/workflows/" + scoring + "?pinFrom=" + branched);
                EditorE2EIT.screenshot(page, "execution-path-1280.png");
                page.setViewportSize(1920, 1080);
                EditorE2EIT.screenshot(page, "execution-path-1920.png");
                page.setViewportSize(1280, 800);

                // the failed run: the failed node named on the retry button, the path stops at it
                page.navigate(base + "/executions/" + failed);
                assertThat(page.locator(".status-badge").first()).hasText("failed");
                assertThat(page.locator(".execution-error")).containsText("Send to CRM");
                Locator send = EditorE2EIT.canvasNode(page, "Send to CRM");
                Locator done = EditorE2EIT.canvasNode(page, "Mark synced");
                assertThat(send.locator(".flow-node")).hasAttribute("data-status", "failed");
                assertThat(done.locator(".flow-node")).hasAttribute("data-status", "idle");
                assertThat(done.locator(".flow-node")).hasCSS("border-top-style", "dashed");
                assertThat(edge(page, "start:main->send:main")).hasClass(Pattern.compile("\\bedge-taken\\b"));
                assertThat(edge(page, "send:main->done:main")).hasClass(Pattern.compile("\\bedge-untaken\\b"));
                send.click();
                assertThat(details.locator(".node-run-status")).hasText("failed");
                assertThat(details.locator(".node-run-error")).containsText("answered 404");
                assertThat(details.getByTestId("node-run-input").locator("table tbody td")).hasText(new String[] {"Grace"});
                assertThat(details.getByTestId("node-run-output")).containsText("No data");
                Locator retry = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Retry from ‘Send to CRM’"));
                assertThat(retry).isVisible();
                assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Copy to editor as pinned data")))
                        .hasAttribute("href", "/workflows/" + sync + "?pinFrom=" + failed);
                EditorE2EIT.screenshot(page, "execution-failed-1280.png");

                // the CRM accepts now: the retry runs the failed node again and the page follows it live
                crmStatus.set(200);
                retry.click();
                assertThat(done.locator(".flow-node")).hasAttribute("data-status", "succeeded");
                assertThat(send.locator(".flow-node")).hasAttribute("data-status", "succeeded");
                assertThat(page.locator(".status-badge").first()).hasText("succeeded");
                assertThat(retry).hasCount(0);
                assertThat(edge(page, "send:main->done:main")).hasClass(Pattern.compile("\\bedge-taken\\b"));
                // the retried node shows its new run, its output the CRM's answer
                assertThat(details.locator(".node-run-status")).hasText("succeeded");
                assertThat(details.getByTestId("node-run-output").locator("table thead th"))
                        .hasText(new String[] {"#", "body", "status", "headers"});
                assertThat(details.getByTestId("node-run-output").locator("table tbody td").nth(1)).hasText("200");
                assertThat(details.getByTestId("node-run-output")).containsText("crm-42");
                // both runs of the retried node stay in the list: the refused one and the new one
                assertThat(page.locator(".node-run-row").filter(new Locator.FilterOptions().setHasText("Send to CRM")))
                        .hasCount(2);
                assertThat(page.locator(".node-run-row").nth(2)).containsText("Send to CRM (retried)");
                JsonNode stored = admin.get("/api/v1/executions/" + failed).json();
                Assertions.assertThat(stored.path("status").asText()).isEqualTo("succeeded");
                List<String> sendRuns = new ArrayList<>();
                stored.path("nodeRuns").forEach(run -> {
                    if (run.path("nodeId").asText().equals("send")) {
                        sendRuns.add(run.path("status").asText());
                    }
                });
                Assertions.assertThat(sendRuns).containsExactly("failed", "succeeded");

                // followed over the WebSocket, not polled: once the run is over the page reads nothing more
                int readsAfterRun = reads.size();
                page.waitForTimeout(3_000);
                Assertions.assertThat(reads).as("reads of the execution after it ended").hasSize(readsAfterRun);
                EditorE2EIT.screenshot(page, "execution-retried-1280.png");
                page.setViewportSize(1920, 1080);
                EditorE2EIT.screenshot(page, "execution-retried-1920.png");

                // the copy link opens the editor on the workflow with the execution to pin from
                page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Copy to editor as pinned data")).click();
                assertThat(page).hasURL(Pattern.compile(".*/workflows/" + sync + "\\?pinFrom=" + failed + "$"));
            }
        } finally {
            crm.stop(0);
        }
    }

    private static Locator edge(Page page, String id) {
        return page.locator(".flow-edge[data-id='" + id + "']");
    }

    private static String create(ApiClient admin, String json) {
        ApiResponse created = admin.post("/api/v1/workflows", json);
        Assertions.assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().path("workflow").path("id").asText();
    }

    private static String run(ApiClient admin, String workflowId, String payload) {
        ApiResponse run = admin.post("/api/v1/workflows/" + workflowId + "/executions", "{\"payload\": " + payload + "}");
        Assertions.assertThat(run.status()).as(run.body()).isEqualTo(202);
        return run.json().path("executionId").asText();
    }
}
