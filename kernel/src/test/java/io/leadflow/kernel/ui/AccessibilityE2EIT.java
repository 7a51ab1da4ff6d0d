package io.leadflow.kernel.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.LoadState;
import io.leadflow.kernel.message.FakeMailgunApi;
import io.leadflow.kernel.testing.ApiClient;
import io.leadflow.kernel.testing.ApiClientUpload;
import io.leadflow.kernel.testing.ApiResponse;
import io.leadflow.kernel.testing.Executions;
import io.leadflow.kernel.testing.TestKernel;
import io.leadflow.kernel.testing.TestMarketplace;
import io.leadflow.kernel.testing.TestPluginJar;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Issue 16: axe-core finds no serious or critical violation on any page of the editor, at
 * 1280×800, over real data seeded through the API (workflows, a succeeded and a failed run, a lead
 * with a conversation, a credential, a marketplace with a plugin), nor in the states one click
 * away (a node selected, the palette searched, the test-run dialog, the versions panel, a
 * plugin's details). One dynamic test per visit, see {@link #visits()}.
 */
class AccessibilityE2EIT {
    static TestKernel kernel;
    static TestMarketplace market;
    static Playwright playwright;
    static Browser browser;
    static String base;

    static String workflowId;
    static String succeededRun;
    static String failedRun;
    static String leadId;

    /**
     * A page to check: where to go, whether signed in, and what to wait for (or click) before axe
     * runs. Adding a page is one line in {@link #visits()}.
     */
    record Visit(String name, String path, boolean signedIn, Consumer<Page> ready) {
        static Visit of(String name, String path, Consumer<Page> ready) {
            return new Visit(name, path, true, ready);
        }

        static Visit anonymous(String name, String path, Consumer<Page> ready) {
            return new Visit(name, path, false, ready);
        }
    }

    List<Visit> visits() {
        return List.of(
                Visit.anonymous("/login", "/login", page -> assertThat(button(page, "Sign in")).isVisible()),
                Visit.anonymous("/login (wrong password)", "/login", AccessibilityE2EIT::failSignIn),
                Visit.of("/ (dashboard)", "/", page -> assertThat(page.locator(".dashboard-total p").nth(1))
                        .hasText(Pattern.compile("\\d+"))),
                Visit.of("/workflows", "/workflows", page -> assertThat(link(page, "Welcome new leads")).isVisible()),
                Visit.of("/templates", "/templates", page -> assertThat(page.locator(".template-card")).hasCount(4)),
                Visit.of("/workflows/{id}", "/workflows/" + workflowId, AccessibilityE2EIT::editorReady),
                Visit.of("/workflows/{id} (node selected)", "/workflows/" + workflowId, page -> {
                    editorReady(page);
                    EditorE2EIT.canvasNode(page, "Clean lead").click();
                    assertThat(EditorE2EIT.configPanel(page).getByLabel("Node name")).hasValue("Clean lead");
                }),
                Visit.of("/workflows/{id} (test bench, node tested)", "/workflows/" + workflowId, page -> {
                    editorReady(page);
                    EditorE2EIT.canvasNode(page, "Clean lead").click();
                    Locator bench = page.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("Node run"));
                    bench.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Show data")).click();
                    button(page, "Test this node").click();
                    assertThat(bench.locator(".node-run-status")).hasText("succeeded");
                    assertThat(bench.getByTestId("node-run-output").locator(".item-count")).hasText("1 item");
                }),
                Visit.of("/workflows/{id} (palette search)", "/workflows/" + workflowId, page -> {
                    editorReady(page);
                    page.keyboard().press("/");
                    assertThat(page.getByLabel("Search nodes")).isFocused();
                    page.keyboard().type("tag");
                    assertThat(EditorE2EIT.paletteItem(page, "Add tag")).isVisible();
                }),
                Visit.of("/workflows/{id} (add-after picker)", "/workflows/" + workflowId, page -> {
                    editorReady(page);
                    Locator clean = EditorE2EIT.canvasNode(page, "Clean lead");
                    clean.click();
                    clean.locator(".port-add[data-port='main']").click();
                    // both palettes open: their description ids must not collide
                    assertThat(page.getByRole(AriaRole.DIALOG, new Page.GetByRoleOptions().setName("Add a node after this output"))
                            .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Add tag").setExact(true)))
                            .hasAccessibleDescription(Pattern.compile("^Adds tags"));
                }),
                Visit.of("/workflows/{id} (test run dialog)", "/workflows/" + workflowId, page -> {
                    editorReady(page);
                    button(page, "Test run").click();
                    assertThat(page.getByLabel("Payload (JSON)")).isVisible();
                }),
                Visit.of("/workflows/{id} (versions)", "/workflows/" + workflowId, page -> {
                    editorReady(page);
                    button(page, "Versions").click();
                    assertThat(page.getByRole(AriaRole.COMPLEMENTARY, new Page.GetByRoleOptions().setName("Version history"))
                            .locator(".version-entry")).hasCount(2);
                }),
                // (a test run from the bench may have added one more by now)
                Visit.of("/executions", "/executions", page -> assertThat(page.locator(".execution-row")
                        .filter(new Locator.FilterOptions().setHasText("Fails on purpose"))).hasCount(1)),
                Visit.of("/executions/{id}", "/executions/" + succeededRun,
                        page -> assertThat(page.locator(".flow-node[data-status='succeeded']")).hasCount(3)),
                Visit.of("/executions/{id} (node run selected)", "/executions/" + succeededRun, page -> {
                    page.locator(".node-run-row").filter(new Locator.FilterOptions().setHasText("Clean lead")).click();
                    assertThat(page.getByTestId("node-run-output")).containsText("lin@example.org");
                }),
                Visit.of("/executions/{id} (failed)", "/executions/" + failedRun,
                        page -> assertThat(page.locator(".flow-node[data-status='failed']")).hasCount(1)),
                Visit.of("/executions/{id} (unknown)", "/executions/00000000-0000-0000-0000-000000000000",
                        page -> assertThat(page.locator(".problem-title")).isVisible()),
                Visit.of("/leads", "/leads", page -> assertThat(page.locator(".lead-row")).hasCount(1)),
                Visit.of("/leads/{id}", "/leads/" + leadId, page -> assertThat(page.locator(".conversation-line")).hasCount(1)),
                Visit.of("/credentials", "/credentials", page -> assertThat(page.locator(".credential-row")).hasCount(1)),
                Visit.of("/plugins", "/plugins", page -> assertThat(page.locator(".plugin-row[data-plugin='acme-hello']")
                        .locator(".plugin-state")).hasText("started")),
                Visit.of("/marketplace", "/marketplace", page -> assertThat(page.locator("[data-plugin-id='acme-hello'] .update-badge"))
                        .hasText("Update available")),
                Visit.of("/marketplace (details)", "/marketplace", page -> {
                    button(page, "Details of Acme hello").click();
                    assertThat(page.getByRole(AriaRole.DIALOG).locator(".release[data-version='1.1.0']")).isVisible();
                }),
                Visit.of("/security", "/security", page -> assertThat(page.locator(".security-alert")).isVisible()));
    }

    @TestFactory
    Stream<DynamicTest> noSeriousOrCriticalViolationOnAnyPage() {
        return visits().stream().map(visit -> DynamicTest.dynamicTest(visit.name(), () -> {
            try (BrowserContext context = visit.signedIn() ? signedIn()
                    : browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800))) {
                Page page = context.newPage();
                page.navigate(base + visit.path());
                visit.ready().accept(page);
                page.waitForLoadState(LoadState.NETWORKIDLE);
                EditorE2EIT.screenshot(page, "a11y-" + visit.name().replaceAll("[^A-Za-z0-9]+", "-")
                        .replaceAll("^-|-$", "") + ".png");
                Axe.assertNoSeriousOrCritical(page, visit.name());
            }
        }));
    }

    @BeforeAll
    static void start() throws IOException {
        market = TestMarketplace.create();
        market.add(TestPluginJar.withNode("acme-hello", "1.0.0", "hello", "Say hello").build(),
                "--name", "Acme hello", "--author", "Acme", "--description", "Says hello", "--category", "testing");
        market.add(TestPluginJar.withNode("acme-hello", "1.1.0", "hello", "Say hello").build(),
                "--name", "Acme hello", "--author", "Acme", "--description", "Says hello", "--category", "testing");
        market.sign();
        kernel = TestKernel.start(market.settings());
        ApiClient admin = kernel.admin();
        installPlugin(admin, "core-nodes");
        installPlugin(admin, "mailgun");
        ok(admin.post("/api/v1/marketplace/install", "{\"id\":\"acme-hello\",\"version\":\"1.0.0\"}"), 200);
        seed(admin);
        playwright = Chromium.playwright();
        browser = Chromium.launch(playwright);
        base = kernel.kernel().baseUri().toString().replaceAll("/$", "");
        Files.createDirectories(EditorE2EIT.SCREENSHOTS);
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
        if (market != null) {
            market.close();
        }
    }

    /** Webhook → Set → If in two versions, a succeeded and a failed run, a lead who wrote in, a credential, a failed sign-in. */
    private static void seed(ApiClient admin) {
        String document = """
                {"name": "Welcome new leads",
                 "nodes": [
                   {"id": "form", "name": "Lead form", "type": "core.webhook", "config": {"path": "a11y/lead", "method": "POST"}, "position": {"x": 0, "y": 100}},
                   {"id": "clean", "name": "Clean lead", "type": "core.set", "config": {"mappings": {"email": "$lowercase(body.email)"}}, "position": {"x": 320, "y": 100}},
                   {"id": "check", "name": "Has email?", "type": "core.if", "config": {"condition": "$contains(email, '@')"}, "position": {"x": 640, "y": 100}}
                 ],
                 "edges": [
                   {"from": {"node": "form", "port": "main"}, "to": {"node": "clean", "port": "main"}},
                   {"from": {"node": "clean", "port": "main"}, "to": {"node": "check", "port": "main"}}
                 ]}""";
        ApiResponse created = ok(admin.post("/api/v1/workflows", document), 201);
        workflowId = created.json().path("workflow").path("id").asText();
        ok(admin.send("PUT", "/api/v1/workflows/" + workflowId, "application/json",
                document.replace("\"x\": 640", "\"x\": 660").getBytes(StandardCharsets.UTF_8)), 200);
        succeededRun = run(admin, workflowId, "{\"payload\": {\"body\": {\"email\": \"LIN@EXAMPLE.ORG\"}}}", "succeeded");
        String failing = ok(admin.post("/api/v1/workflows", """
                {"name": "Fails on purpose",
                 "nodes": [{"id": "m", "name": "Manual", "type": "core.manual"},
                   {"id": "boom", "name": "Boom", "type": "core.set", "config": {"mappings": {"x": "$error('boom')"}}}],
                 "edges": [{"from": {"node": "m", "port": "main"}, "to": {"node": "boom", "port": "main"}}]}"""), 201)
                .json().path("workflow").path("id").asText();
        failedRun = run(admin, failing, "{\"payload\": {}}", "failed");

        leadId = ok(admin.post("/api/v1/leads", """
                {"firstName": "Ada", "lastName": "Lovelace", "company": "Analytical Engines",
                 "emails": ["ada@example.org"], "source": "e2e", "tags": ["vip"]}"""), 201).json().path("id").asText();
        ok(admin.patch("/api/v1/leads/" + leadId, "{\"status\": \"contacted\"}"), 200);
        try (FakeMailgunApi mailgun = new FakeMailgunApi()) {
            ok(admin.post("/api/v1/credentials", "{\"name\":\"Mailgun\",\"type\":\"mailgun.api-key\",\"data\":"
                    + mailgun.credentialData() + "}"), 201);
            ApiResponse inbound = admin.send("POST", "/hooks/channels/mailgun/email", "application/x-www-form-urlencoded",
                    FakeMailgunApi.inboundForm("ada@example.org", "Could you send me the price list?", "<ada-1@mail.example.org>")
                            .getBytes(StandardCharsets.UTF_8));
            Assertions.assertThat(inbound.json().path("leadId").asText()).as(inbound.body()).isEqualTo(leadId);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // failed sign-ins, enough for the security page's alert
        for (int i = 0; i < 5; i++) {
            ok(kernel.anonymous().post("/api/v1/auth/login", "{\"username\":\"admin\",\"password\":\"wrong\"}"), 401);
        }
    }

    private static String run(ApiClient admin, String workflow, String payload, String status) {
        String id = ok(admin.post("/api/v1/workflows/" + workflow + "/executions", payload), 202).json().path("executionId").asText();
        Executions.awaitStatus(admin, id, 20, status);
        return id;
    }

    private static ApiResponse ok(ApiResponse response, int status) {
        Assertions.assertThat(response.status()).as(response.body()).isEqualTo(status);
        return response;
    }

    private static void installPlugin(ApiClient admin, String name) {
        try (Stream<Path> files = Files.list(Path.of("target", "first-party-plugins"))) {
            Path jar = files.filter(path -> path.getFileName().toString().contains(name)).findFirst().orElseThrow();
            ok(ApiClientUpload.send(admin, "POST", "/api/v1/plugins", admin.token(), Files.readAllBytes(jar)), 201);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The token in sessionStorage, as the login page leaves it. */
    private static BrowserContext signedIn() {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800));
        context.addInitScript("sessionStorage.setItem('leadflow.token', '" + kernel.admin().token() + "')");
        return context;
    }

    private static void editorReady(Page page) {
        page.waitForFunction("() => performance.getEntriesByName('leadflow:editor-interactive').length > 0");
        assertThat(page.locator(".svelte-flow__node")).hasCount(3);
    }

    private static void failSignIn(Page page) {
        page.getByLabel("Username").fill("admin");
        page.getByLabel("Password").fill("not the password");
        button(page, "Sign in").click();
        assertThat(page.locator(".problem-title")).isVisible();
    }

    private static Locator button(Page page, String name) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    private static Locator link(Page page, String name) {
        return page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(name).setExact(true));
    }
}
