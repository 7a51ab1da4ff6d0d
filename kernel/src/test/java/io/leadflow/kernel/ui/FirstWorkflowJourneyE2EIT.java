package io.leadflow.kernel.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.leadflow.kernel.ui.EditorE2EIT.button;
import static io.leadflow.kernel.ui.EditorE2EIT.canvasNode;
import static io.leadflow.kernel.ui.EditorE2EIT.configPanel;
import static io.leadflow.kernel.ui.EditorE2EIT.screenshot;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.SelectOption;
import io.leadflow.kernel.message.FakeMailgunApi;
import io.leadflow.kernel.testing.ApiClient;
import io.leadflow.kernel.testing.ApiResponse;
import io.leadflow.kernel.testing.TestKernel;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * Issue 16's acceptance, as a new user does it in real Chromium: builds "web form → lead → email"
 * from a template, creates and fills in the Mailgun credential, tests one node with pinned data,
 * sees an expression's preview, activates, and sees the dashboard's lead count rise live when the
 * form is posted; axe-core finds no serious or critical violation on any page on the way, and
 * screenshots at 1280×800 and 1920×1080 are saved.
 */
class FirstWorkflowJourneyE2EIT {
    private static final String TEMPLATE = "web-form-welcome-follow-up";

    @Test
    void fromATemplateToALiveWorkflowWhoseLeadsTheDashboardCounts() throws Exception {
        try (TestKernel kernel = TestKernel.start();
             FakeMailgunApi mailgun = new FakeMailgunApi();
             Playwright playwright = Chromium.playwright();
             Browser browser = Chromium.launch(playwright)) {
            ApiClient admin = kernel.admin();
            EditorE2EIT.installPlugin(admin, "core-nodes");
            EditorE2EIT.installPlugin(admin, "mailgun");
            String base = kernel.kernel().baseUri().toString().replaceAll("/$", "");
            Files.createDirectories(EditorE2EIT.SCREENSHOTS);
            String workflowId;

            try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800))) {
                context.addInitScript("sessionStorage.setItem('leadflow.token', '" + admin.token() + "')");
                Page page = context.newPage();

                // the gallery, from the workflows list; one click imports the template
                page.navigate(base + "/workflows");
                Axe.assertNoSeriousOrCritical(page, "workflows (journey)");
                page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Start from a template")).click();
                page.waitForURL(base + "/templates");
                Locator card = page.locator(".template-card[data-template='" + TEMPLATE + "']");
                assertThat(card.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Use template"))).isEnabled();
                Axe.assertNoSeriousOrCritical(page, "templates");
                screenshot(page, "journey-templates-1280.png");
                card.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Use template")).click();
                page.waitForURL(Pattern.compile(".*/workflows/[0-9a-f-]{36}\\?setup=1$"));
                String editorUrl = page.url();
                workflowId = editorUrl.replaceAll(".*/workflows/([0-9a-f-]{36}).*", "$1");
                Locator setup = page.locator(".template-setup");
                assertThat(setup).containsText("0 of 2 done");

                // no Mailgun credential yet: the user creates one on the credentials page
                page.navigate(base + "/credentials");
                Locator form = page.getByRole(AriaRole.FORM, new Page.GetByRoleOptions().setName("New credential"));
                form.getByLabel("Name", new Locator.GetByLabelOptions().setExact(true)).fill("Mailgun (sales)");
                form.getByLabel("Type").selectOption(new SelectOption().setValue("mailgun.api-key"));
                form.getByLabel(Pattern.compile("^API key")).fill(FakeMailgunApi.API_KEY);
                form.getByLabel(Pattern.compile("^Domain")).fill(FakeMailgunApi.DOMAIN);
                form.getByLabel(Pattern.compile("^API base URL")).fill(mailgun.baseUrl());
                form.getByLabel(Pattern.compile("^Default sender")).fill("Sales <sales@" + FakeMailgunApi.DOMAIN + ">");
                Axe.assertNoSeriousOrCritical(page, "credentials (filled form)");
                form.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Save credential")).click();
                assertThat(page.getByText("Mailgun (sales)").first()).isVisible();
                String credentialId = admin.get("/api/v1/credentials").json().get("items").get(0).get("id").asText();

                // back to the workflow: the checklist leads to each email node, whose picker now offers it
                page.navigate(editorUrl);
                for (String node : List.of("welcome-email", "follow-up-email")) {
                    Locator item = setup.locator("[data-setup-item='node:" + node + "']");
                    item.getByRole(AriaRole.BUTTON).click();
                    page.locator("#node-credential").selectOption(new SelectOption().setValue(credentialId));
                    assertThat(item).hasAttribute("data-done", "true");
                }
                assertThat(setup).containsText("2 of 2 done");
                Axe.assertNoSeriousOrCritical(page, "editor with the setup checklist");
                screenshot(page, "journey-setup-1280.png");

                // a sample form post pinned on the trigger; the lead node tested alone with it
                Locator bench = page.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("Node run"));
                canvasNode(page, "Web form").click();
                bench.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Show data")).click();
                bench.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Pin a sample event")).click();
                bench.getByLabel(Pattern.compile("^Pinned output of")).fill(
                        "[{\"body\": {\"name\": \"Ada\", \"email\": \"ada@example.org\"}}]");
                bench.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Pin").setExact(true)).click();
                assertThat(canvasNode(page, "Web form").locator(".node-pinned")).isVisible();
                canvasNode(page, "Create lead").click();
                assertThat(bench.locator(".test-input-source")).hasText("From ‘Web form’, its pinned data");
                button(page, "Test this node").click();
                assertThat(bench.locator(".node-run-status")).hasText("succeeded");
                assertThat(bench.getByTestId("node-run-output")).containsText("ada@example.org");
                Assertions.assertThat(mailgun.sent()).as("testing the lead node sends no email").isEmpty();

                // the welcome email's subject, previewed for that lead as it is typed
                canvasNode(page, "Welcome email").click();
                Locator subject = configPanel(page).getByLabel(Pattern.compile("^Subject"));
                subject.fill("Welcome, {{ $json.firstName }}!");
                assertThat(configPanel(page).locator("[data-field='subject'] .expression-preview")).hasText("Preview: Welcome, Ada!");
                Axe.assertNoSeriousOrCritical(page, "editor with the test bench and a preview");
                screenshot(page, "journey-test-node-1280.png");

                button(page, "Save").click();
                assertThat(page.getByText(Pattern.compile("^Saved as version"))).isVisible();
                button(page, "Activate").click();
                assertThat(page.locator(".workflow-state")).hasText(Pattern.compile("^active v\\d+$"));

                // the dashboard counts the next lead live, when the form is posted
                Page dashboard = context.newPage();
                dashboard.navigate(base + "/");
                Locator leads = dashboard.locator(".dashboard-total[data-total='leadsCreated'] p").nth(1);
                assertThat(leads).hasText(Pattern.compile("\\d+"));
                assertThat(dashboard.getByTitle("live updates over WebSocket")).containsText("live");
                long before = Long.parseLong(leads.textContent().replaceAll("\\D", ""));
                ApiResponse posted = kernel.anonymous().post("/hooks/forms/contact",
                        "{\"name\": \"Grace\", \"email\": \"grace@example.org\"}");
                Assertions.assertThat(posted.status()).as(posted.body()).isLessThan(300);
                assertThat(leads).hasText(String.valueOf(before + 1));
                Axe.assertNoSeriousOrCritical(dashboard, "dashboard (journey)");
                screenshot(dashboard, "journey-dashboard-1280.png");
                awaitEmail(mailgun, "Welcome, Grace!");
            }

            try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1920, 1080))) {
                context.addInitScript("sessionStorage.setItem('leadflow.token', '" + admin.token() + "')");
                Page page = context.newPage();
                page.navigate(base + "/workflows/" + workflowId);
                // an editor just opened has the latest run's data: Grace's, from the live run
                canvasNode(page, "Welcome email").click();
                assertThat(configPanel(page).locator("[data-field='subject'] .expression-preview")).hasText("Preview: Welcome, Grace!");
                Locator bench = page.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("Node run"));
                bench.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Show data")).click();
                screenshot(page, "journey-editor-1920.png");
                page.navigate(base + "/");
                assertThat(page.locator(".dashboard-total[data-total='leadsCreated'] p").nth(1)).hasText(Pattern.compile("\\d+"));
                screenshot(page, "journey-dashboard-1920.png");
            }
        }
    }

    /** Waits until the Mailgun fake accepted a message with this subject. */
    private static void awaitEmail(FakeMailgunApi mailgun, String subject) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (Map<String, List<String>> message : mailgun.sent()) {
                if (message.getOrDefault("subject", List.of()).contains(subject)) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        Assertions.fail("Mailgun never received '" + subject + "': " + mailgun.sent());
    }
}
