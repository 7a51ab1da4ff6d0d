package io.leadflow.kernel.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Page;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.assertj.core.api.Assertions;

/**
 * axe-core (the npm package the UI build installs, {@code ui/node_modules/axe-core}) run inside a
 * Playwright page: WCAG 2.0/2.1/2.2 A and AA rules plus axe's best practices.
 *
 * <pre>{@code
 * page.navigate(base + "/leads");
 * assertThat(page.locator(".lead-row")).hasCount(1);    // wait until the page shows what it should
 * Axe.assertNoSeriousOrCritical(page, "/leads");        // fails listing each serious/critical violation
 * List<Axe.Violation> all = Axe.violations(page);       // or look at every violation yourself
 * }</pre>
 *
 * It checks the page as it is at the call: open the dialog or select the node first. The page's
 * Content-Security-Policy stays on: axe is handed to Chromium through the DevTools protocol, not
 * as a script tag.
 */
public final class Axe {
    /** The rule sets axe runs: WCAG 2.x levels A and AA, and axe's best practices. */
    static final List<String> TAGS = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice");

    private static final Path SCRIPT = Path.of("..", "ui", "node_modules", "axe-core", "axe.min.js");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static String source;

    /**
     * One rule broken on the page.
     *
     * @param id      axe's rule id, e.g. {@code color-contrast}
     * @param impact  {@code minor}, {@code moderate}, {@code serious} or {@code critical}
     * @param help    what the rule asks for, in a sentence
     * @param helpUrl Deque's page about the rule
     * @param targets a CSS selector per offending element (elements in shadow roots: selectors joined with " >> ")
     */
    public record Violation(String id, String impact, String help, String helpUrl, List<String> targets) {
        /** True for the impacts the acceptance criterion forbids. */
        public boolean seriousOrCritical() {
            return "serious".equals(impact) || "critical".equals(impact);
        }

        @Override
        public String toString() {
            return id + " (" + impact + "): " + help + "\n      " + String.join("\n      ", targets);
        }
    }

    private Axe() {
    }

    /** Every violation axe finds on the page as it is now (any impact). */
    public static List<Violation> violations(Page page) {
        Object found = page.evaluate("""
                async tags => {
                  const results = await axe.run(document, {
                    runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
                  return JSON.stringify(results.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,
                    helpUrl: v.helpUrl, targets: v.nodes.map(n => n.target.map(t => [].concat(t).join(' >> ')).join(' >> ')) })));
                }""", inject(page, TAGS));
        try {
            List<Violation> violations = new ArrayList<>();
            for (JsonNode each : JSON.readTree((String) found)) {
                List<String> targets = new ArrayList<>();
                each.path("targets").forEach(target -> targets.add(target.asText()));
                violations.add(new Violation(each.path("id").asText(), each.path("impact").asText(),
                        each.path("help").asText(), each.path("helpUrl").asText(), List.copyOf(targets)));
            }
            return List.copyOf(violations);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs axe, prints {@code [measure] axe <pageName>: N violations (...)} and fails, listing each
     * serious or critical violation with the selectors of its elements, if there is any. Minor and
     * moderate ones are printed only.
     *
     * @return every violation found, for a caller that wants to look at the minor ones too
     */
    public static List<Violation> assertNoSeriousOrCritical(Page page, String pageName) {
        List<Violation> violations = violations(page);
        Map<String, List<String>> byImpact = new TreeMap<>();
        violations.forEach(v -> byImpact.computeIfAbsent(v.impact(), impact -> new ArrayList<>()).add(v.id()));
        System.out.println("[measure] axe " + pageName + ": " + violations.size() + " violations"
                + (byImpact.isEmpty() ? "" : " (" + byImpact.entrySet().stream()
                        .map(e -> e.getKey() + ": " + String.join(", ", e.getValue())).collect(Collectors.joining("; ")) + ")"));
        List<Violation> forbidden = violations.stream().filter(Violation::seriousOrCritical).toList();
        Assertions.assertThat(forbidden)
                .withFailMessage(() -> "axe on " + pageName + ": " + forbidden.size() + " serious or critical violations\n  - "
                        + forbidden.stream().map(Violation::toString).collect(Collectors.joining("\n  - ")))
                .isEmpty();
        return violations;
    }

    /** Defines window.axe once per document; returns the tags, for chaining into the call. */
    private static List<String> inject(Page page, List<String> tags) {
        if (!Boolean.TRUE.equals(page.evaluate("() => typeof window.axe === 'object'"))) {
            // a function body, so Playwright runs it through the DevTools protocol, which the page's
            // CSP (script-src 'self') does not govern; a script tag would be refused
            page.evaluate("function () {\n" + source() + "\n}");
        }
        return tags;
    }

    private static synchronized String source() {
        if (source == null) {
            Path script = SCRIPT.toAbsolutePath().normalize();
            Assertions.assertThat(Files.isRegularFile(script))
                    .withFailMessage("axe-core is missing at %s: run `npm ci` in ui/ (the ui module's build does; "
                            + "axe-core is one of its devDependencies)", script)
                    .isTrue();
            try {
                source = Files.readString(script, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return source;
    }
}
