package io.leadflow.kernel.ui;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Page;
import java.util.HashMap;
import java.util.Map;

/**
 * Chromium's cumulative counters for a page's main thread (DevTools {@code Performance.getMetrics}):
 * time spent in tasks, script, style and layout. Read before and after something, untraced, they tell
 * whether the page's own work or the wait for a core made it slow.
 */
final class RendererMetrics {
    private final CDPSession session;
    private Map<String, Double> last;

    RendererMetrics(Page page) {
        this.session = page.context().newCDPSession(page);
        session.send("Performance.enable");
        this.last = read();
    }

    /** The main thread's work since the previous call (or since this was made), in milliseconds. */
    String sinceLast() {
        Map<String, Double> now = read();
        String figures = "task %.0f ms (script %.0f, style %.0f, layout %.0f)".formatted(
                delta(now, "TaskDuration"), delta(now, "ScriptDuration"), delta(now, "RecalcStyleDuration"), delta(now, "LayoutDuration"));
        last = now;
        return figures;
    }

    private double delta(Map<String, Double> now, String metric) {
        return (now.getOrDefault(metric, 0.0) - last.getOrDefault(metric, 0.0)) * 1000;
    }

    private Map<String, Double> read() {
        JsonObject answer = session.send("Performance.getMetrics");
        Map<String, Double> metrics = new HashMap<>();
        for (JsonElement metric : answer.getAsJsonArray("metrics")) {
            JsonObject entry = metric.getAsJsonObject();
            metrics.put(entry.get("name").getAsString(), entry.get("value").getAsDouble());
        }
        return metrics;
    }
}
