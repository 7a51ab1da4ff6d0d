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
 * The editor in the system Chromium against a real kernel: a user builds, saves, activates and
 * watches a workflow run live; editing shortcuts, versions and test runs; the other pages.
 * Screenshots land in {@code target/e2e/} for a person to look at.
 */
class EditorE2EIT {
    static final Path SCREENSHOTS = Path.of("target", "e2e");

    static TestKernel kernel;
    static Playwright playwright;
    static Browser browser;
    static String base;

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
        base = kernel.kernel().baseUri().toString().replaceAll("/$", "");
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
    static void installPlugin(ApiClient admin, String name) {
        try (Stream<Path> files = Files.list(Path.of("target", "first-party-plugins"))) {
            Path jar = files.filter(path -> path.getFileName().toString().contains(name)).findFirst().orElseThrow();
            Assertions.assertThat(ApiClientUpload.send(admin, "POST", "/api/v1/plugins", admin.token(),
                    Files.readAllBytes(jar)).status()).isEqualTo(201);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A browser context whose tabs start signed in as the admin (the token in sessionStorage, as the login page leaves it). */
    static BrowserContext signedIn(int width, int height) {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(width, height));
        context.addInitScript("sessionStorage.setItem('leadflow.token', '" + kernel.admin().token() + "')");
        return context;
    }

    static void screenshot(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name)));
    }

    static String createWorkflow(String json) {
        ApiResponse created = kernel.admin().post("/api/v1/workflows", json);
        Assertions.assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().path("workflow").path("id").asText();
    }

    /** The canvas node whose name is exactly {@code name}. */
    static Locator canvasNode(Page page, String name) {
        return page.locator(".svelte-flow__node").filter(new Locator.FilterOptions()
                .setHas(page.locator(".node-name").getByText(name, new Locator.GetByTextOptions().setExact(true))));
    }

    static Locator handle(Locator node, String kind, String port) {
        return node.locator(".svelte-flow__handle." + kind + "[data-handleid='" + port + "']");
    }

    static Locator palette(Page page) {
        return page.getByRole(AriaRole.COMPLEMENTARY, new Page.GetByRoleOptions().setName("Node palette"));
    }

    static Locator paletteItem(Page page, String label) {
        return palette(page).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(label).setExact(true));
    }

    static Locator configPanel(Page page) {
        return page.getByRole(AriaRole.COMPLEMENTARY, new Page.GetByRoleOptions().setName("Node configuration"));
    }

    static Locator button(Page page, String name) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    /** Drags a node type from the palette and drops it on the canvas at (x, y) of the canvas. */
    static void dropFromPalette(Page page, String label, double x, double y) {
        paletteItem(page, label).dragTo(page.locator(".svelte-flow"), new Locator.DragToOptions().setTargetPosition(x, y));
    }

    /** Presses on one handle and releases on another with intermediate moves, as a person drags a connection. */
    static void connect(Page page, Locator from, Locator to) {
        from.hover();
        page.mouse().down();
        BoundingBox box = to.boundingBox();
        page.mouse().move(box.x + box.width / 2, box.y + box.height / 2, new Mouse.MoveOptions().setSteps(8));
        page.mouse().up();
    }

    @Test
    void buildSaveActivateAndWatchAWebhookRunLive() {
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1920, 1080))) {
            Page page = context.newPage();

            // log in through the form
            page.navigate(base + "/");
            assertThat(page).hasURL(Pattern.compile(".*/login$"));
            page.getByLabel("Username").fill("admin");
            page.getByLabel("Password").fill("not the password");
            button(page, "Sign in").click();
            assertThat(page.locator(".problem-title")).isVisible();
            page.getByLabel("Password").fill(TestKernel.ADMIN_PASSWORD);
            button(page, "Sign in").click();
            assertThat(page).hasURL(Pattern.compile(".*/workflows$"));

            // a new, empty workflow
            button(page, "New workflow").click();
            assertThat(page).hasURL(Pattern.compile(".*/workflows/[0-9a-f-]{36}$"));
            String workflowId = page.url().replaceAll(".*/workflows/", "");
            assertThat(page.getByTitle("live updates over WebSocket")).containsText("live");

            // Webhook -> Set -> If -> Respond, dragged from the palette
            dropFromPalette(page, "Webhook", 150, 200);
            dropFromPalette(page, "Set fields", 450, 200);
            dropFromPalette(page, "If", 750, 200);
            dropFromPalette(page, "Respond to webhook", 1050, 200);
            assertThat(page.locator(".svelte-flow__node")).hasCount(4);
            Locator webhook = canvasNode(page, "Webhook");
            Locator set = canvasNode(page, "Set fields");
            Locator check = canvasNode(page, "If");
            Locator respond = canvasNode(page, "Respond to webhook");

            connect(page, handle(webhook, "source", "main"), handle(set, "target", "main"));
            connect(page, handle(set, "source", "main"), handle(check, "target", "main"));
            connect(page, handle(check, "source", "true"), handle(respond, "target", "main"));
            assertThat(page.locator(".svelte-flow__edge")).hasCount(3);

            // an output cannot feed an output: refused, visibly, and no edge appears
            connect(page, handle(webhook, "source", "main"), handle(check, "source", "false"));
            assertThat(page.locator(".connection-refused")).containsText("output cannot be connected to another output");
            assertThat(page.locator(".svelte-flow__edge")).hasCount(3);

            // configure through the generated forms
            Locator panel = configPanel(page);
            webhook.click();
            panel.getByLabel(Pattern.compile("^Path")).fill("e2e/lead");
            set.click();
            panel.getByLabel(Pattern.compile("^Fields")).fill("{\"email\": \"$lowercase(body.email)\"}");
            respond.click();
            panel.getByLabel(Pattern.compile("^Status code")).fill("201");
            panel.getByLabel(Pattern.compile("^Body")).fill("{\"ok\": true, \"email\": \"{{ $json.email }}\"}");

            // the If has no condition yet: the 422's pointer lands on the node and on its field
            button(page, "Save").click();
            assertThat(page.locator(".problem-title")).isVisible();
            assertThat(check.locator(".node-errors")).containsText("condition");
            check.click();
            Locator condition = panel.locator(".config-field[data-field='condition']");
            assertThat(condition.locator(".field-error")).isVisible();
            screenshot(page, "editor-errors.png");
            condition.getByLabel(Pattern.compile("^Condition")).fill("$contains(email, '@')");
            button(page, "Save").click();
            assertThat(page.getByText("Saved as version 2")).isVisible();
            assertThat(page.locator(".node-errors")).hasCount(0);

            button(page, "Activate").click();
            assertThat(page.locator(".workflow-state")).hasText("active v2");

            // the webhook is called from outside; the page follows the run without a reload
            page.evaluate("window.__sameDocument = true");
            ApiResponse answered = kernel.anonymous().post("/hooks/e2e/lead", "{\"email\": \"ADA@EXAMPLE.ORG\"}");
            Assertions.assertThat(answered.status()).as(answered.body()).isEqualTo(201);
            Assertions.assertThat(answered.json().path("email").asText()).isEqualTo("ada@example.org");
            for (Locator node : List.of(webhook, set, check, respond)) {
                assertThat(node.locator(".flow-node")).hasAttribute("data-status", "succeeded");
                assertThat(node.locator(".node-status")).hasText("succeeded");
            }
            assertThat(page.locator(".run-status")).hasText("succeeded");
            Assertions.assertThat(page.evaluate("window.__sameDocument === true")).isEqualTo(true);

            // a node's run: its input and output
            set.click();
            Locator run = page.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("Node run"));
            assertThat(run.locator(".node-run-status")).hasText("succeeded");
            assertThat(run.getByTestId("node-run-output")).containsText("\"email\": \"ada@example.org\"");
            assertThat(run.getByTestId("node-run-input")).containsText("ADA@EXAMPLE.ORG");
            screenshot(page, "editor-live-1920.png");
            page.setViewportSize(1280, 800);
            screenshot(page, "editor-live-1280.png");

            JsonNode saved = kernel.admin().get("/api/v1/workflows/" + workflowId).json();
            Assertions.assertThat(saved.path("workflow").path("activeVersion").asInt()).isEqualTo(2);
            Assertions.assertThat(saved.path("document").path("nodes")).hasSize(4);
            Assertions.assertThat(saved.path("document").path("edges")).hasSize(3);
        }
    }
}
