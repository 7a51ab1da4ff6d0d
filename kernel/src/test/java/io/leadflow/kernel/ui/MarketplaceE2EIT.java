package io.leadflow.kernel.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import io.leadflow.kernel.testing.TestKernel;
import io.leadflow.kernel.testing.ThirdPartyPluginProject;
import io.leadflow.marketplace.cli.IndexTool;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * A plugin author's path through the editor: a project generated from the archetype outside the
 * reactor is built in two versions, added to a folder index with the real {@code leadflow-index}
 * code, signed, and installed, updated and rolled back from the Marketplace page in the system
 * Chromium, while a second tab follows live. Screenshots land in {@code target/e2e/}.
 */
class MarketplaceE2EIT {

    @Test
    void aThirdPartyPluginIsInstalledUpdatedAndRolledBackFromTheMarketplacePage() throws Exception {
        Path work = Files.createTempDirectory("marketplace-e2e");
        Path first = ThirdPartyPluginProject.generateAndBuild(Files.createDirectories(work.resolve("v1")), "acme-hello", "acme-hello", "1.0.0");
        Path second = ThirdPartyPluginProject.generateAndBuild(Files.createDirectories(work.resolve("v2")), "acme-hello", "acme-hello", "1.1.0");
        Path keys = work.resolve("keys");
        Path index = work.resolve("index");
        tool("keygen", "--out", keys.toString(), "--key-id", "root");
        tool("keygen", "--out", keys.toString(), "--key-id", "signing-1");
        tool("init", index.toString());
        tool("keys", index.toString(), "--root-key", keys.resolve("root.private").toString(),
                "--signing-public", keys.resolve("signing-1.public").toString());
        add(index, first);
        tool("sign", index.toString(), "--key", keys.resolve("signing-1.private").toString());

        Map<String, String> settings = Map.of("LEADFLOW_MARKETPLACE_URL", index.toString(),
                "LEADFLOW_MARKETPLACE_ROOT_KEYS", Files.readString(keys.resolve("root.public")).trim());
        Files.createDirectories(EditorE2EIT.SCREENSHOTS);
        try (TestKernel kernel = TestKernel.start(settings);
             Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                     .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
             Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                     .setExecutablePath(Paths.get("/usr/bin/chromium"))
                     .setHeadless(true)
                     .setArgs(List.of("--no-sandbox", "--disable-gpu")))) {
            String base = kernel.kernel().baseUri().toString().replaceAll("/$", "");
            BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800));
            context.addInitScript("sessionStorage.setItem('leadflow.token', '" + kernel.admin().token() + "')");
            Page page = context.newPage();
            Page other = context.newPage();
            page.navigate(base + "/marketplace");
            other.navigate(base + "/marketplace");

            Locator card = page.locator("[data-plugin-id='acme-hello']");
            Locator otherCard = other.locator("[data-plugin-id='acme-hello']");
            assertThat(card).containsText("Acme hello");
            assertThat(card.locator(".latest-version")).hasText("1.0.0");
            page.getByLabel("Search plugins").fill("acme");
            assertThat(page.locator("[data-plugin-id]")).hasCount(1);

            button(page, "Install Acme hello").click();
            assertThat(page.locator(".marketplace-notice")).hasText("Installed Acme hello 1.0.0");
            assertThat(card.locator(".installed-badge")).hasText("Installed 1.0.0");
            // the other tab re-reads on the plugins topic, without polling
            assertThat(otherCard.locator(".installed-badge")).hasText("Installed 1.0.0");
            EditorE2EIT.screenshot(page, "marketplace-installed.png");

            add(index, second);
            tool("sign", index.toString(), "--key", keys.resolve("signing-1.private").toString());
            button(page, "Reload index").click();
            assertThat(card.locator(".update-badge")).hasText("Update available");
            button(page, "Details of Acme hello").click();
            Locator details = page.getByRole(AriaRole.DIALOG);
            assertThat(details.locator(".release[data-version='1.1.0']")).containsText("requires");
            assertThat(details.locator(".release[data-version='1.0.0']")).containsText("Installed");
            EditorE2EIT.screenshot(page, "marketplace-details.png");
            page.keyboard().press("Escape");
            assertThat(details).hasCount(0);

            button(page, "Update Acme hello to 1.1.0").click();
            assertThat(page.locator(".marketplace-notice")).hasText("Updated Acme hello to 1.1.0");
            assertThat(card.locator(".installed-badge")).hasText("Installed 1.1.0");
            assertThat(otherCard.locator(".installed-badge")).hasText("Installed 1.1.0");
            assertThat(card.locator(".update-badge")).hasCount(0);

            button(page, "Roll back Acme hello").click();
            assertThat(page.locator(".marketplace-notice")).hasText("Rolled back Acme hello to 1.0.0");
            assertThat(card.locator(".installed-badge")).hasText("Installed 1.0.0");
            assertThat(otherCard.locator(".installed-badge")).hasText("Installed 1.0.0");
            assertThat(card.locator(".update-badge")).hasText("Update available");
            EditorE2EIT.screenshot(page, "marketplace-rolled-back.png");

            JsonNode installed = null;
            for (JsonNode plugin : kernel.admin().get("/api/v1/plugins").json().get("items")) {
                if (plugin.get("id").asText().equals("acme-hello")) {
                    installed = plugin;
                }
            }
            Assertions.assertThat(installed).isNotNull();
            Assertions.assertThat(installed.get("version").asText()).isEqualTo("1.0.0");
            Assertions.assertThat(installed.get("state").asText()).isEqualTo("started");
        }
    }

    private static Locator button(Page page, String name) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    private static void add(Path index, Path jar) {
        tool("add", index.toString(), jar.toString(), "--name", "Acme hello", "--author", "Acme",
                "--description", "Says hello", "--category", "testing");
    }

    /** Runs {@code leadflow-index} in-process and expects success. */
    private static String tool(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = IndexTool.run(new PrintWriter(out), new PrintWriter(err), args);
        Assertions.assertThat(code).as("leadflow-index %s: %s", String.join(" ", args), err).isZero();
        return out.toString();
    }
}
