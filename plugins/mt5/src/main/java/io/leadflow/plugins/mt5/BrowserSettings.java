package io.leadflow.plugins.mt5;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * How the plugin runs its browser: which Chromium and Node.js, how many runs at a time, and how
 * long each step may take. Read from the environment (or a JVM system property of the same name),
 * because the plugin API hands a plugin no configuration of its own.
 *
 * @param chromium the Chromium executable ({@code LEADFLOW_MT5_CHROMIUM}, default {@code /usr/bin/chromium})
 * @param node the Node.js executable that runs Playwright's driver ({@code LEADFLOW_MT5_NODE}, default {@code /usr/bin/node})
 * @param maxContexts how many reads run at once, each in its own browser context ({@code LEADFLOW_MT5_MAX_CONTEXTS}, default 4)
 * @param maxQueued how many reads may wait for a free context before new ones are refused ({@code LEADFLOW_MT5_MAX_QUEUED}, default 64)
 * @param navigationTimeout the longest wait for the terminal page to load ({@code LEADFLOW_MT5_NAVIGATION_TIMEOUT_MILLIS}, default 20 s)
 * @param selectorTimeout the longest wait for one element of the terminal ({@code LEADFLOW_MT5_SELECTOR_TIMEOUT_MILLIS}, default 10 s)
 * @param loginTimeout the longest wait for the terminal to connect after "Connect to account" ({@code LEADFLOW_MT5_LOGIN_TIMEOUT_MILLIS}, default 20 s)
 * @param readTimeout the longest whole read, queueing included; below the kernel's node timeout ({@code LEADFLOW_MT5_READ_TIMEOUT_MILLIS}, default 50 s)
 * @param sessionTtl how long a logged-in session is reused for the same account ({@code LEADFLOW_MT5_SESSION_TTL_SECONDS}, default 15 min; 0 disables reuse)
 */
record BrowserSettings(Path chromium, Path node, int maxContexts, int maxQueued, Duration navigationTimeout,
                       Duration selectorTimeout, Duration loginTimeout, Duration readTimeout, Duration sessionTtl) {

    /** The Chromium flags every launch uses: headless, and none of Chromium's own network chatter. */
    static final java.util.List<String> CHROMIUM_FLAGS = java.util.List.of("--headless=new", "--no-sandbox",
            "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-first-run", "--no-default-browser-check", "--disable-dev-shm-usage", "--mute-audio");

    BrowserSettings {
        if (maxContexts < 1 || maxContexts > 64) {
            throw new IllegalArgumentException("LEADFLOW_MT5_MAX_CONTEXTS must be between 1 and 64");
        }
        if (maxQueued < 0) {
            throw new IllegalArgumentException("LEADFLOW_MT5_MAX_QUEUED must not be negative");
        }
    }

    /** The settings from the process environment and system properties. */
    static BrowserSettings fromEnvironment() {
        Map<String, String> env = System.getenv();
        return from(name -> System.getProperty(name, env.get(name)));
    }

    /** The settings from a lookup of {@code LEADFLOW_MT5_*} names; absent names take their defaults. */
    static BrowserSettings from(Function<String, String> lookup) {
        return new BrowserSettings(
                Path.of(text(lookup, "LEADFLOW_MT5_CHROMIUM", "/usr/bin/chromium")),
                Path.of(text(lookup, "LEADFLOW_MT5_NODE", "/usr/bin/node")),
                (int) number(lookup, "LEADFLOW_MT5_MAX_CONTEXTS", 4),
                (int) number(lookup, "LEADFLOW_MT5_MAX_QUEUED", 64),
                Duration.ofMillis(number(lookup, "LEADFLOW_MT5_NAVIGATION_TIMEOUT_MILLIS", 20_000)),
                Duration.ofMillis(number(lookup, "LEADFLOW_MT5_SELECTOR_TIMEOUT_MILLIS", 10_000)),
                Duration.ofMillis(number(lookup, "LEADFLOW_MT5_LOGIN_TIMEOUT_MILLIS", 20_000)),
                Duration.ofMillis(number(lookup, "LEADFLOW_MT5_READ_TIMEOUT_MILLIS", 50_000)),
                Duration.ofSeconds(number(lookup, "LEADFLOW_MT5_SESSION_TTL_SECONDS", 900)));
    }

    private static String text(Function<String, String> lookup, String name, String fallback) {
        String value = lookup.apply(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static long number(Function<String, String> lookup, String name, long fallback) {
        String value = lookup.apply(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + value + "'");
        }
    }
}
