package io.leadflow.kernel.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import io.leadflow.kernel.testing.TestKernel;
import io.leadflow.kernel.testing.TestMarketplace;
import io.leadflow.kernel.testing.ThirdPartyPluginProject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * A plugin author's path through the editor: a project generated from the archetype outside the
 * reactor is built in two versions, added to an index with the real {@code leadflow-index} code,
 * signed, served over HTTP, and installed, updated and rolled back from the Marketplace page in the system
 * Chromium, while a second tab follows live. Screenshots land in {@code target/e2e/}.
 */
class MarketplaceE2EIT {

    @Test
    void aThirdPartyPluginIsInstalledUpdatedAndRolledBackFromTheMarketplacePage() throws Exception {
        Path work = Files.createTempDirectory("marketplace-e2e");
        Path first = ThirdPartyPluginProject.generateAndBuild(Files.createDirectories(work.resolve("v1")), "acme-hello", "acme-hello", "1.0.0");
        Path second = ThirdPartyPluginProject.generateAndBuild(Files.createDirectories(work.resolve("v2")), "acme-hello", "acme-hello", "1.1.0");
        try (TestMarketplace market = TestMarketplace.create()) {
            add(market, first);
            market.sign();
            // as the kernel will: the index over HTTP, its signature chain and every artifact's hash
            Assertions.assertThat(market.tool("verify", market.url(), "--root-public", market.key("root.public"),
                    "--artifacts")).isNotBlank();
            installUpdateAndRollBack(market, second);
        }
    }

    private void installUpdateAndRollBack(TestMarketplace market, Path second) throws Exception {
        Files.createDirectories(EditorE2EIT.SCREENSHOTS);
        try (TestKernel kernel = TestKernel.start(market.settings());
             Playwright playwright = Chromium.playwright();
             Browser browser = Chromium.launch(playwright)) {
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
            JsonNode listed = kernel.admin().get("/api/v1/marketplace").json().get("plugins").get(0);
            Assertions.assertThat(listed.get("releases").get(0).get("compatible").asBoolean()).isTrue();
            assertThat(card.locator(".latest-version")).hasText("1.0.0");
            page.getByLabel("Search plugins").fill("acme");
            assertThat(page.locator("[data-plugin-id]")).hasCount(1);

            button(page, "Install Acme hello").click();
            assertThat(page.locator(".marketplace-notice")).hasText("Installed Acme hello 1.0.0");
            assertThat(card.locator(".installed-badge")).hasText("Installed 1.0.0");
            // the other tab re-reads on the plugins topic, without polling
            assertThat(otherCard.locator(".installed-badge")).hasText("Installed 1.0.0");
            EditorE2EIT.screenshot(page, "marketplace-installed.png");

            add(market, second);
            market.sign();
            button(page, "Reload index").click();
            assertThat(card.locator(".update-badge")).hasText("Update available");
            button(page, "Details of Acme hello").click();
            Locator details = page.getByRole(AriaRole.DIALOG);
            assertThat(details.locator(".release[data-version='1.1.0']")).containsText("requires");
            assertThat(details.locator(".release[data-version='1.0.0']")).containsText("Installed");
            EditorE2EIT.screenshot(page, "marketplace-details.png");
            page.keyboard().press("Escape");
            assertThat(details).hasCount(0);

            button(page, "Update to 1.1.0, Acme hello").click();
            assertThat(page.locator(".marketplace-notice")).hasText("Updated Acme hello to 1.1.0");
            assertThat(card.locator(".installed-badge")).hasText("Installed 1.1.0");
            assertThat(otherCard.locator(".installed-badge")).hasText("Installed 1.1.0");
            assertThat(card.locator(".update-badge")).hasCount(0);

            button(page, "Roll back to 1.0.0, Acme hello").click();
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
            Assertions.assertThat(installed.get("nodeTypes")).isNotEmpty()
                    .allSatisfy(type -> Assertions.assertThat(type.asText()).startsWith("acme-hello."));
            Assertions.assertThat(kernel.admin().get("/api/v1/audit?targetType=plugin&targetId=acme-hello").json()
                    .get("items")).extracting(row -> row.get("action").asText())
                    .contains("marketplace.install", "plugin.installed", "plugin.upgraded", "plugin.rolled-back");
        }
    }

    private static Locator button(Page page, String name) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    private static void add(TestMarketplace market, Path jar) throws java.io.IOException {
        market.add(Files.readAllBytes(jar), "--name", "Acme hello", "--author", "Acme", "--description", "Says hello",
                "--category", "testing");
    }
}
