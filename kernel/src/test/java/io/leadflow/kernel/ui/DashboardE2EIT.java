package io.leadflow.kernel.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import io.leadflow.kernel.bench.DashboardBenchmark;
import io.leadflow.kernel.testing.ApiClient;
import io.leadflow.kernel.testing.ApiResponse;
import io.leadflow.kernel.testing.TestKernel;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * The dashboard in real Chromium over a month of history: it draws its charts within the render
 * budget, its counts rise live when leads arrive over the API (WebSocket, no polling), a burst of
 * events costs about one re-read a second, and screenshots at 1280×800 and 1920×1080 are saved.
 */
class DashboardE2EIT {
    private static final List<String> WORKFLOWS = List.of("Web form → welcome email", "WhatsApp reply → qualify",
            "Missed call → SMS", "MT5 account qualification", "Webinar follow-up");

    @Test
    void chartsRenderWithinBudgetAndCountsRiseLive() throws Exception {
        try (TestKernel kernel = TestKernel.start();
             Playwright playwright = Chromium.playwright();
             Browser browser = Chromium.launch(playwright)) {
            DashboardBenchmark.seed(kernel.databaseUrl(), 1_500, 4_000, WORKFLOWS);
            ApiClient admin = kernel.admin();
            String base = kernel.kernel().baseUri().toString().replaceAll("/$", "");
            Files.createDirectories(EditorE2EIT.SCREENSHOTS);

            try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800))) {
                context.addInitScript("sessionStorage.setItem('leadflow.token', '" + admin.token() + "')");
                Page page = context.newPage();
                AtomicInteger reads = new AtomicInteger();
                page.onRequest(request -> {
                    if (request.url().contains("/api/v1/dashboard")) {
                        reads.incrementAndGet();
                    }
                });
                page.navigate(base + "/");
                Locator leads = page.locator(".dashboard-total[data-total='leadsCreated'] p").nth(1);
                assertThat(leads).hasText(java.util.regex.Pattern.compile("\\d+"));
                assertThat(page.getByTitle("live updates over WebSocket")).containsText("live");
                assertThat(page.locator("canvas")).hasCount(3);
                assertThat(page.getByRole(AriaRole.IMG, new Page.GetByRoleOptions()
                        .setName(java.util.regex.Pattern.compile("^Leads created in the last 24 hours: ")))).isVisible();
                double cold = firstPaint(page);
                EditorE2EIT.screenshot(page, "dashboard-1280.png");
                // once more with the browser's code cache warm, as a returning user opens it
                page.reload();
                assertThat(leads).hasText(java.util.regex.Pattern.compile("\\d+"));
                double warm = firstPaint(page);
                System.out.printf("[measure] dashboard: first answer arrived -> charts painted: %.1f ms on the first "
                        + "visit, %.1f ms on a reload%s%n", cold, warm, EditorE2EIT.load());
                Assertions.assertThat(Math.min(cold, warm)).as("render budget, ms").isLessThan(200);
                Assertions.assertThat(cold).as("first visit, ms").isLessThan(400);

                // one lead over the API: the count rises without a reload
                long before = Long.parseLong(leads.textContent().replaceAll("\\D", ""));
                int readsBefore = reads.get();
                createLead(admin, "live-1@example.com");
                assertThat(leads).hasText(String.valueOf(before + 1));

                // a burst of twenty: about one re-read a second, and the last lead is counted
                Thread.sleep(1100);
                int readsBeforeBurst = reads.get();
                long burstStarted = System.nanoTime();
                for (int i = 0; i < 20; i++) {
                    createLead(admin, "burst-" + i + "@example.com");
                }
                assertThat(leads).hasText(String.valueOf(before + 21));
                double burstSeconds = (System.nanoTime() - burstStarted) / 1e9;
                Thread.sleep(1100);
                int burstReads = reads.get() - readsBeforeBurst;
                System.out.printf("[measure] dashboard: 20 leads over %.1f s cost %d re-reads (first live lead: %d)%n",
                        burstSeconds, burstReads, readsBeforeBurst - readsBefore);
                Assertions.assertThat(burstReads).isLessThanOrEqualTo((int) Math.ceil(burstSeconds) + 2);

                page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("30 days")).click();
                assertThat(page.getByRole(AriaRole.IMG, new Page.GetByRoleOptions()
                        .setName(java.util.regex.Pattern.compile("^Leads created in the last 30 days: ")))).isVisible();
                page.locator("details.chart-figures summary").first().click();
                assertThat(page.locator("details.chart-figures").first().locator("tbody tr")).hasCount(30);
                EditorE2EIT.screenshot(page, "dashboard-1280-30d.png");
                @SuppressWarnings("unchecked")
                List<Number> updates = (List<Number>) page.evaluate(
                        "performance.getEntriesByName('leadflow:dashboard-updated').map(entry => entry.duration)");
                System.out.printf("[measure] dashboard: %d later answers (live updates, range changes) -> painted: %s%n",
                        updates.size(), updates.stream().map(n -> "%.0f".formatted(n.doubleValue())).toList());
                Assertions.assertThat(updates).allSatisfy(ms -> Assertions.assertThat(ms.doubleValue()).isLessThan(200));
            }

            try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1920, 1080))) {
                context.addInitScript("sessionStorage.setItem('leadflow.token', '" + admin.token() + "')");
                Page page = context.newPage();
                page.navigate(base + "/");
                page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("7 days")).click();
                assertThat(page.getByRole(AriaRole.IMG, new Page.GetByRoleOptions()
                        .setName(java.util.regex.Pattern.compile("^Executions in the last 7 days: ")))).isVisible();
                assertThat(page.locator(".failing-workflow").first()).isVisible();
                EditorE2EIT.screenshot(page, "dashboard-1920-7d.png");
            }
        }
    }

    /** From the first answer's arrival to the end of the frame that showed its charts. */
    private static double firstPaint(Page page) {
        return ((Number) page.evaluate("new Promise(resolve => { const read = () => { const entry = "
                + "performance.getEntriesByName('leadflow:dashboard-rendered')[0]; entry ? resolve(entry.duration) "
                + ": setTimeout(read, 20); }; read(); })")).doubleValue();
    }

    private static void createLead(ApiClient client, String email) {
        ApiResponse created = client.post("/api/v1/leads", "{\"emails\":[\"" + email + "\"],\"source\":\"web-form\"}");
        Assertions.assertThat(created.status()).as(created.body()).isEqualTo(201);
    }
}
