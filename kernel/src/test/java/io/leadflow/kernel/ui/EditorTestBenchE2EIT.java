package io.leadflow.kernel.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.leadflow.kernel.ui.EditorE2EIT.button;
import static io.leadflow.kernel.ui.EditorE2EIT.canvasNode;
import static io.leadflow.kernel.ui.EditorE2EIT.configPanel;
import static io.leadflow.kernel.ui.EditorE2EIT.screenshot;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import io.leadflow.kernel.testing.ApiClient;
import io.leadflow.kernel.testing.ApiResponse;
import io.leadflow.kernel.testing.Executions;
import io.leadflow.kernel.testing.TestKernel;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Pattern;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * Test as you build, in real Chromium: pin a sample event on the trigger, test one node alone with
 * it, run up to a node, see each field's expression evaluated for that data as it is typed (and its
 * error inline), copy a past run's outputs to the editor as pinned data; the pinned data is kept
 * with the draft and the active version's runs never use it.
 */
class EditorTestBenchE2EIT {
    private static final String WORKFLOW = """
            {"name": "Sign-ups",
             "nodes": [
               {"id": "form", "name": "Sign-up form", "type": "core.webhook", "config": {"path": "tayb/signup", "method": "POST"}, "position": {"x": 0, "y": 0}},
               {"id": "clean", "name": "Clean", "type": "core.set", "config": {"mappings": {"email": "$lowercase(body.email)", "name": "body.name"}}, "position": {"x": 300, "y": 0}},
               {"id": "check", "name": "Valid email?", "type": "core.if", "config": {"condition": "$contains(email, '@')"}, "position": {"x": 0, "y": 200}},
               {"id": "tag", "name": "Tag", "type": "core.add-tag", "config": {"tags": "new"}, "position": {"x": 300, "y": 200}}
             ],
             "edges": [
               {"from": {"node": "form", "port": "main"}, "to": {"node": "clean", "port": "main"}},
               {"from": {"node": "clean", "port": "main"}, "to": {"node": "check", "port": "main"}},
               {"from": {"node": "check", "port": "true"}, "to": {"node": "tag", "port": "main"}}
             ]}
            """;

    @Test
    void pinTestOneNodePreviewExpressionsAndCopyARunAsPinnedData() throws Exception {
        try (TestKernel kernel = TestKernel.start();
             Playwright playwright = Chromium.playwright();
             Browser browser = Chromium.launch(playwright)) {
            ApiClient admin = kernel.admin();
            EditorE2EIT.installPlugin(admin, "core-nodes");
            ApiResponse created = admin.post("/api/v1/workflows", WORKFLOW);
            Assertions.assertThat(created.status()).as(created.body()).isEqualTo(201);
            String workflowId = created.json().get("workflow").get("id").asText();
            String base = kernel.kernel().baseUri().toString().replaceAll("/$", "");
            Files.createDirectories(EditorE2EIT.SCREENSHOTS);

            try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800))) {
                context.addInitScript("sessionStorage.setItem('leadflow.token', '" + admin.token() + "')");
                Page page = context.newPage();
                page.navigate(base + "/workflows/" + workflowId);
                Locator form = canvasNode(page, "Sign-up form");
                Locator clean = canvasNode(page, "Clean");
                Locator check = canvasNode(page, "Valid email?");
                Locator tag = canvasNode(page, "Tag");
                Locator bench = page.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("Node run"));

                // a sample event pinned on the trigger
                form.click();
                // one row until asked (the canvas keeps its room), the data when asked or while a run is followed
                assertThat(bench).not().containsText("A trigger has no input");
                bench.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Show data")).click();
                assertThat(bench).containsText("A trigger has no input");
                bench.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Pin a sample event")).click();
                bench.getByLabel(Pattern.compile("^Pinned output of")).fill(
                        "[{\"body\": {\"email\": \"ADA@EXAMPLE.ORG\", \"name\": \"Ada\"}}]");
                bench.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Pin").setExact(true)).click();
                assertThat(form.locator(".node-pinned")).hasText("pinned");
                assertThat(bench.locator(".pinned-badge")).hasText("pinned · 1 item");
                assertThat(page.getByText("unsaved changes")).isVisible();

                // one node alone, with the pinned event as its input: the draft is saved first
                clean.click();
                assertThat(bench.locator(".test-input-source")).hasText("From ‘Sign-up form’, its pinned data");
                assertThat(bench.getByTestId("node-run-input")).containsText("ADA@EXAMPLE.ORG");
                button(page, "Test this node").click();
                assertThat(bench.locator(".node-run-status")).hasText("succeeded");
                assertThat(bench.getByTestId("node-run-output")).containsText("ada@example.org");
                assertThat(clean.locator(".flow-node")).hasAttribute("data-status", "succeeded");
                Assertions.assertThat(form.locator(".flow-node").getAttribute("data-status")).as("only the node tested runs").isEqualTo("idle");
                JsonNode draft = admin.get("/api/v1/workflows/" + workflowId).json().get("document");
                Assertions.assertThat(draft.at("/pinData/form/0/body/name").asText()).as("pinned data kept with the draft").isEqualTo("Ada");

                // the next node's expression is evaluated for that test data as it is typed, errors inline
                check.click();
                assertThat(bench.locator(".test-input-source")).hasText("From ‘Clean’, its latest test run");
                Locator condition = configPanel(page).getByLabel(Pattern.compile("^Condition"));
                Locator preview = configPanel(page).locator("[data-field='condition'] .expression-preview");
                assertThat(preview).hasText("Preview: true");
                condition.fill("$contains(email, 'example.org') and name = 'Ada'");
                assertThat(preview).hasText("Preview: true");
                condition.fill("$contains(email, ");
                assertThat(preview).hasAttribute("data-state", "error");
                assertThat(preview).containsText("Error:");
                condition.fill("$contains(email, '@')");
                assertThat(preview).hasText("Preview: true");

                // a {{ }} template in a text field, with $node reaching an earlier node by name
                tag.click();
                Locator tags = configPanel(page).getByLabel(Pattern.compile("^Tags"));
                tags.fill("");
                // typed key by key (34 keys, 30 ms apart): previewed once typing pauses, not on every key
                tags.pressSequentially("signup-{{ $node.Clean.json.name }}", new Locator.PressSequentiallyOptions().setDelay(30));
                Locator tagPreview = configPanel(page).locator("[data-field='tags'] .expression-preview");
                assertThat(tagPreview).hasText("Preview: signup-Ada");
                tags.fill("new");
                assertThat(tagPreview).hasCount(0);

                @SuppressWarnings("unchecked")
                List<Number> previews = (List<Number>) page.evaluate("performance.getEntriesByType('resource')"
                        + ".filter(entry => entry.name.endsWith('/api/v1/expressions/preview')).map(entry => entry.duration)");
                System.out.printf("[measure] expression preview: %d answers, request -> answer %s ms%s%n", previews.size(),
                        previews.stream().map(ms -> "%.0f".formatted(ms.doubleValue())).toList(), EditorE2EIT.load());
                Assertions.assertThat(previews).as("the preview waits for a pause in typing: one request per pause, not per key")
                        .hasSizeLessThan(12);

                // run up to a node: the trigger replays its pin, the nodes after the target do not run
                check.click();
                button(page, "Run up to here").click();
                assertThat(check.locator(".flow-node")).hasAttribute("data-status", "succeeded");
                assertThat(bench.locator(".node-run-status")).hasText("succeeded");
                Assertions.assertThat(tag.locator(".flow-node").getAttribute("data-status")).isEqualTo("idle");
                String runId = page.locator(".run-banner a").getAttribute("href").replace("/executions/", "");
                JsonNode upTo = Executions.awaitStatus(admin, runId, 20, "succeeded", "failed");
                Assertions.assertThat(upTo.get("mode").asText()).isEqualTo("test");
                Assertions.assertThat(upTo.get("runUntil").asText()).isEqualTo("check");
                Assertions.assertThat(upTo.get("nodeRuns").findValuesAsText("nodeId")).containsExactly("form", "clean", "check");
                assertThat(preview).hasText("Preview: true");
                screenshot(page, "test-as-you-build-1280.png");

                // the active version's runs never use the pinned data
                button(page, "Activate").click();
                assertThat(page.locator(".workflow-state")).hasText(Pattern.compile("^active v\\d+$"));
                ApiResponse hook = kernel.anonymous().post("/hooks/tayb/signup", "{\"email\": \"GRACE@EXAMPLE.ORG\", \"name\": \"Grace\"}");
                Assertions.assertThat(hook.status()).as(hook.body()).isLessThan(300);
                JsonNode live = awaitOtherExecution(admin, workflowId, runId);
                JsonNode cleaned = EngineRuns.of(live, "clean").get("output").get("main").get(0);
                Assertions.assertThat(cleaned.get("email").asText()).isEqualTo("grace@example.org");
                Assertions.assertThat(live.get("nodeRuns").findValues("pinned")).isEmpty();

                // "copy to editor as pinned data": a past run's outputs become the draft's pins
                page.navigate(base + "/workflows/" + workflowId + "?pinFrom=" + live.get("id").asText());
                // every node that succeeded in that run with a main output (pinned data is a node's main
                // output: not the If's true/false, nor the tag's if it found no lead to tag)
                long succeeded = java.util.stream.StreamSupport.stream(live.get("nodeRuns").spliterator(), false)
                        .filter(run -> "succeeded".equals(run.get("status").asText()) && run.at("/output/main").isArray())
                        .count();
                Assertions.assertThat(succeeded).isGreaterThanOrEqualTo(2);
                assertThat(page.locator(".pin-notice")).containsText("Pinned the output of " + succeeded + " nodes");
                assertThat(canvasNode(page, "Clean").locator(".node-pinned")).isVisible();
                canvasNode(page, "Clean").click();
                assertThat(bench.getByTestId("node-run-output")).containsText("grace@example.org");
                button(page, "Save").click();
                assertThat(page.getByText(Pattern.compile("^Saved as version"))).isVisible();
                JsonNode copied = admin.get("/api/v1/workflows/" + workflowId).json().get("document");
                Assertions.assertThat(copied.at("/pinData/clean/0/email").asText()).isEqualTo("grace@example.org");
            }

            try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1920, 1080))) {
                context.addInitScript("sessionStorage.setItem('leadflow.token', '" + admin.token() + "')");
                Page page = context.newPage();
                page.navigate(base + "/workflows/" + workflowId);
                canvasNode(page, "Valid email?").click();
                assertThat(configPanel(page).locator("[data-field='condition'] .expression-preview")).hasText("Preview: true");
                screenshot(page, "test-as-you-build-1920.png");
            }
        }
    }

    /** The first execution of the workflow other than {@code except}, once it has finished. */
    private static JsonNode awaitOtherExecution(ApiClient admin, String workflowId, String except) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (JsonNode execution : admin.get("/api/v1/executions?workflowId=" + workflowId).json().get("items")) {
                if (!execution.get("id").asText().equals(except) && !"test".equals(execution.get("mode").asText())) {
                    return Executions.awaitStatus(admin, execution.get("id").asText(), 20, "succeeded", "failed");
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no live execution of " + workflowId);
    }

    /** Node runs of an execution detail. */
    private static final class EngineRuns {
        static JsonNode of(JsonNode execution, String nodeId) {
            JsonNode found = null;
            for (JsonNode run : execution.get("nodeRuns")) {
                if (run.get("nodeId").asText().equals(nodeId)) {
                    found = run;
                }
            }
            Assertions.assertThat(found).as("a run of " + nodeId).isNotNull();
            return found;
        }
    }
}
