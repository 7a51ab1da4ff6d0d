package io.leadflow.kernel.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Mouse;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.BoundingBox;
import io.leadflow.kernel.testing.ApiClient;
import io.leadflow.kernel.testing.ApiClientUpload;
import io.leadflow.kernel.testing.ApiResponse;
import io.leadflow.kernel.testing.TestKernel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The editor in the system Chromium against a real kernel: log in through the form, open a
 * workflow from the list, see its nodes on the canvas and the live palette, open a node's config
 * form, save. Screenshots land in {@code target/e2e/} for a person to look at.
 */
class EditorE2EIT {
    private static final Path SCREENSHOTS = Path.of("target", "e2e");

    private static TestKernel kernel;
    private static Playwright playwright;
    private static Browser browser;

    @BeforeAll
    static void start() throws IOException {
        kernel = TestKernel.start();
        installPlugin(kernel.admin(), "core-nodes");
        // the browser is Debian's chromium; Playwright must never download one
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(Paths.get("/usr/bin/chromium"))
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run")));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
        if (kernel != null) {
            kernel.close();
        }
    }

    /** Uploads a first-party plugin jar the build copied to target/first-party-plugins (as EngineIT does). */
    private static void installPlugin(ApiClient admin, String name) {
        try (Stream<Path> files = Files.list(Path.of("target", "first-party-plugins"))) {
            Path jar = files.filter(path -> path.getFileName().toString().contains(name)).findFirst().orElseThrow();
            Assertions.assertThat(ApiClientUpload.send(admin, "POST", "/api/v1/plugins", admin.token(),
                    Files.readAllBytes(jar)).status()).isEqualTo(201);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void logInOpenAWorkflowAndEditANode() {
        ApiResponse created = kernel.admin().post("/api/v1/workflows", """
                {"name": "Lead intake",
                 "nodes": [
                   {"id": "form", "name": "Lead form", "type": "core.webhook",
                    "config": {"path": "lead-form", "method": "POST"}, "position": {"x": 60, "y": 120}},
                   {"id": "clean", "name": "Clean lead", "type": "core.set",
                    "config": {"mappings": {"email": "$lowercase(email)"}}, "position": {"x": 380, "y": 120}}
                 ],
                 "edges": [{"from": {"node": "form", "port": "main"}, "to": {"node": "clean", "port": "main"}}]}
                """);
        Assertions.assertThat(created.status()).as(created.body()).isEqualTo(201);
        String base = kernel.kernel().baseUri().toString().replaceAll("/$", "");

        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800))) {
            Page page = context.newPage();

            page.navigate(base + "/");
            assertThat(page).hasURL(Pattern.compile(".*/login$"));
            page.getByLabel("Username").fill("admin");
            page.getByLabel("Password").fill(TestKernel.ADMIN_PASSWORD);
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("login.png")));
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();

            assertThat(page).hasURL(Pattern.compile(".*/workflows$"));
            Locator workflowLink = page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Lead intake"));
            assertThat(workflowLink).isVisible();
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("workflows.png")));
            workflowLink.click();

            assertThat(page).hasURL(Pattern.compile(".*/workflows/" + created.json().path("workflow").path("id").asText() + "$"));
            Locator canvasNodes = page.locator(".svelte-flow__node");
            assertThat(canvasNodes).hasCount(2);
            Locator webhook = canvasNodes.filter(new Locator.FilterOptions().setHasText("Lead form"));
            Locator set = canvasNodes.filter(new Locator.FilterOptions().setHasText("Clean lead"));
            assertThat(webhook).containsText("Webhook");
            assertThat(set).containsText("Set");
            // handles are named by port: the webhook's output and the set node's input
            assertThat(webhook.locator(".svelte-flow__handle.source[data-handleid='main']")).hasCount(1);
            assertThat(set.locator(".svelte-flow__handle.target[data-handleid='main']")).hasCount(1);
            assertThat(page.locator(".svelte-flow__edge")).hasCount(1);

            Locator palette = page.getByRole(AriaRole.COMPLEMENTARY, new Page.GetByRoleOptions().setName("Node palette"));
            assertThat(palette.getByRole(AriaRole.HEADING, new Locator.GetByRoleOptions().setName("Triggers"))).isVisible();
            assertThat(palette.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("HTTP Request"))).isVisible();

            // a plugin installed while the editor is open shows up in its palette without a reload
            assertThat(page.getByTitle("live updates over WebSocket")).containsText("live");
            installPlugin(kernel.admin(), "mailgun");
            assertThat(palette.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Send email (Mailgun)")))
                    .isVisible();

            set.click();
            Locator panel = page.getByRole(AriaRole.COMPLEMENTARY, new Page.GetByRoleOptions().setName("Node configuration"));
            assertThat(panel.getByLabel("Node name")).hasValue("Clean lead");
            Locator mappings = panel.getByLabel(Pattern.compile("^Fields"));
            assertThat(mappings).isVisible();
            assertThat(mappings).hasValue(Pattern.compile("\"email\": \"\\$lowercase\\(email\\)\""));
            assertThat(panel.getByLabel(Pattern.compile("^Mode"))).isVisible();
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("editor.png")));

            // drag a node type from the palette onto the canvas
            palette.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("HTTP Request"))
                    .dragTo(page.locator(".svelte-flow"), new Locator.DragToOptions().setTargetPosition(400, 540));
            assertThat(canvasNodes).hasCount(3);
            Locator http = canvasNodes.filter(new Locator.FilterOptions().setHasText("HTTP Request"));
            assertThat(http).isVisible();

            // output -> input connects; output -> output is refused with a message
            drag(page, set.locator(".svelte-flow__handle.source[data-handleid='main']"),
                    http.locator(".svelte-flow__handle.target[data-handleid='main']"));
            assertThat(page.locator(".svelte-flow__edge")).hasCount(2);
            drag(page, webhook.locator(".svelte-flow__handle.source[data-handleid='main']"),
                    set.locator(".svelte-flow__handle.source[data-handleid='main']"));
            assertThat(page.locator(".connection-refused")).containsText("output cannot be connected to another output");
            assertThat(page.locator(".svelte-flow__edge")).hasCount(2);

            // saving without the required URL: the 422's error lands on the node and on the field
            Locator save = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save"));
            save.click();
            assertThat(page.locator(".problem-title")).isVisible();
            assertThat(http.locator(".node-errors")).containsText("url");
            http.click();
            Locator url = panel.locator(".config-field[data-field='url']");
            assertThat(url.locator(".field-error")).isVisible();
            page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("editor-errors.png")));

            url.getByLabel(Pattern.compile("^URL")).fill("https://example.org/leads");
            save.click();
            assertThat(page.getByText("Saved as version 2")).isVisible();
            assertThat(http.locator(".node-errors")).hasCount(0);
        }
        JsonNode saved = kernel.admin().get("/api/v1/workflows/" + created.json().path("workflow").path("id").asText()).json();
        Assertions.assertThat(saved.path("version").asInt()).isEqualTo(2);
        Assertions.assertThat(saved.path("document").path("nodes")).hasSize(3);
        Assertions.assertThat(saved.path("document").path("edges")).hasSize(2);
        Assertions.assertThat(saved.path("document").path("nodes").get(2).path("config").path("url").asText())
                .isEqualTo("https://example.org/leads");
    }

    /** Presses on one handle and releases on another with intermediate moves, as a person drags a connection. */
    private static void drag(Page page, Locator from, Locator to) {
        from.hover();
        page.mouse().down();
        BoundingBox box = to.boundingBox();
        page.mouse().move(box.x + box.width / 2, box.y + box.height / 2, new Mouse.MoveOptions().setSteps(8));
        page.mouse().up();
    }
}
