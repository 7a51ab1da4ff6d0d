package io.leadflow.kernel.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.SelectOption;
import io.leadflow.kernel.testing.ApiClient;
import io.leadflow.kernel.testing.ApiClientUpload;
import io.leadflow.kernel.testing.ApiResponse;
import io.leadflow.kernel.testing.TestKernel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * The template gallery in real Chromium with only the core-nodes and Mailgun plugins: reached from
 * the workflows list, its cards show the node types' icons, a template whose plugin is missing
 * cannot be used and says which plugin; one click on "Use template" opens the new workflow with the
 * "Finish setting up" checklist, whose items select their node and tick once it has a credential;
 * without {@code ?setup=1} the editor shows no checklist.
 */
class TemplatesE2EIT {
    private static final Path BUILT = Path.of("target", "first-party-plugins");

    @Test
    void oneClickImportsATemplateAndTheChecklistLeadsThroughItsCredentials() throws Exception {
        try (TestKernel kernel = TestKernel.start();
             Playwright playwright = Chromium.playwright();
             Browser browser = Chromium.launch(playwright)) {
            ApiClient admin = kernel.admin();
            List<Path> jars;
            try (Stream<Path> files = Files.list(BUILT)) {
                jars = files.filter(path -> path.getFileName().toString()
                        .matches("leadflow-plugin-(core-nodes|mailgun)-.*\\.jar")).sorted().toList();
            }
            Assertions.assertThat(jars).hasSize(2);
            for (Path jar : jars) {
                ApiResponse installed = ApiClientUpload.send(admin, "POST", "/api/v1/plugins", admin.token(),
                        Files.readAllBytes(jar));
                Assertions.assertThat(installed.status()).as(installed.body()).isEqualTo(201);
            }
            // two Mailgun credentials: the import cannot pick one, so the checklist asks for both nodes
            String first = credential(admin, "Mailgun sales");
            credential(admin, "Mailgun support");
            String base = kernel.kernel().baseUri().toString().replaceAll("/$", "");
            Files.createDirectories(EditorE2EIT.SCREENSHOTS);

            try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800))) {
                context.addInitScript("sessionStorage.setItem('leadflow.token', '" + admin.token() + "')");
                Page page = context.newPage();
                page.navigate(base + "/workflows");
                page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Start from a template")).click();
                page.waitForURL(base + "/templates");
                assertThat(page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Main"))
                        .getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Templates")))
                        .hasAttribute("aria-current", "page");

                Locator cards = page.locator(".template-card");
                assertThat(cards).hasCount(4);
                Locator form = page.locator(".template-card[data-template='web-form-welcome-follow-up']");
                assertThat(form.getByRole(AriaRole.HEADING)).hasText("Web form → welcome email → follow-up unless replied");
                // webhook, lead, envelope, reply wait, tag: one icon per kind of node, each an SVG
                assertThat(form.locator("ul[aria-label='Nodes used'] li svg")).hasCount(5);
                assertThat(form.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Use template"))).isEnabled();
                Locator whatsapp = page.locator(".template-card[data-template='whatsapp-qualify-tag']");
                assertThat(whatsapp.locator(".template-unavailable")).containsText("Needs the whatsapp plugin");
                assertThat(whatsapp.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Use template"))).isDisabled();
                EditorE2EIT.screenshot(page, "templates-1280.png");

                form.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Use template")).click();
                page.waitForURL(Pattern.compile(".*/workflows/[0-9a-f-]{36}\\?setup=1$"));
                String workflowId = page.url().replaceAll(".*/workflows/([0-9a-f-]{36}).*", "$1");
                Assertions.assertThat(admin.get("/api/v1/workflows/" + workflowId).json().get("active").asBoolean())
                        .isFalse();

                Locator setup = page.locator(".template-setup");
                assertThat(setup.getByRole(AriaRole.HEADING)).hasText("Finish setting up");
                assertThat(setup).containsText("0 of 2 done");
                Locator welcome = setup.locator("[data-setup-item='node:welcome-email']");
                assertThat(welcome).hasAttribute("data-done", "false");
                welcome.getByRole(AriaRole.BUTTON).click();
                Locator picker = page.locator("#node-credential");
                assertThat(picker).isVisible();
                picker.selectOption(new SelectOption().setValue(first));
                assertThat(welcome).hasAttribute("data-done", "true");
                assertThat(setup).containsText("1 of 2 done");
                assertThat(setup.locator("[data-setup-item='node:follow-up-email']")).hasAttribute("data-done", "false");
                EditorE2EIT.screenshot(page, "template-setup-1280.png");

                page.navigate(base + "/workflows/" + workflowId);
                assertThat(page.locator(".flow-node, .svelte-flow__node").first()).isVisible();
                assertThat(page.locator(".template-setup")).hasCount(0);
            }
        }
    }

    private static String credential(ApiClient admin, String name) {
        ApiResponse created = admin.post("/api/v1/credentials", "{\"name\":\"" + name + "\",\"type\":\"mailgun.api-key\","
                + "\"data\":{\"apiKey\":\"key-e2e\",\"domain\":\"mg.example.com\"}}");
        Assertions.assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asText();
    }
}
