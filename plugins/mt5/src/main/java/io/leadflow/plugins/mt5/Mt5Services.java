package io.leadflow.plugins.mt5;

import com.microsoft.playwright.Browser;
import io.leadflow.api.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What the plugin holds across node runs: the browser pool and the stored sessions. One instance
 * per loaded plugin (a static of the plugin's own class loader), made on the first read so that a
 * kernel without Chromium can still install the plugin, and closed by {@link Mt5Plugin#stop()}.
 */
final class Mt5Services implements AutoCloseable {
    private static Mt5Services shared;

    private final BrowserSettings settings;
    private final TerminalBrowser browser;
    private final SessionCache sessions;
    private final AccountReader reader;

    Mt5Services(BrowserSettings settings) {
        this.settings = settings;
        this.browser = new TerminalBrowser(settings);
        this.sessions = new SessionCache(settings.sessionTtl(), Clock.systemUTC());
        this.reader = new AccountReader(settings);
    }

    /** The plugin's services, made from the environment on first use. */
    static synchronized Mt5Services shared() {
        if (shared == null) {
            shared = new Mt5Services(BrowserSettings.fromEnvironment());
        }
        return shared;
    }

    /** Closes the plugin's services, if they were ever made. */
    static synchronized void stopShared() {
        if (shared != null) {
            shared.close();
            shared = null;
        }
    }

    /** @return the browser pool */
    TerminalBrowser browser() {
        return browser;
    }

    /** @return the stored sessions */
    SessionCache sessions() {
        return sessions;
    }

    /**
     * Reads an account: first a probe of the terminal through the kernel's HTTP client, then the
     * browser, reusing the account's stored session if it has one. The whole read, probe
     * included, takes at most {@link BrowserSettings#readTimeout()}.
     *
     * @param account the account
     * @param withHistory whether to read the History tab too
     * @param http the kernel's HTTP client of this run (guarded, with its circuit breaker)
     * @return the snapshot; fails with a {@link TerminalException}
     */
    CompletableFuture<AccountSnapshot> read(TerminalAccount account, boolean withHistory, HttpClient http) {
        Instant deadline = Instant.now().plus(settings.readTimeout());
        Duration probeTimeout = settings.navigationTimeout().compareTo(settings.readTimeout()) < 0
                ? settings.navigationTimeout() : settings.readTimeout();
        return TerminalProbe.check(http, account, probeTimeout).toCompletableFuture()
                .thenCompose(reachable -> inBrowser(account, withHistory, Duration.between(Instant.now(), deadline)));
    }

    private CompletableFuture<AccountSnapshot> inBrowser(TerminalAccount account, boolean withHistory, Duration budget) {
        if (budget.isNegative() || budget.isZero()) {
            return CompletableFuture.failedFuture(TerminalException.timeout("the terminal answered too slowly"));
        }
        String key = account.sessionKey();
        Optional<String> stored = sessions.get(key);
        Browser.NewContextOptions options = new Browser.NewContextOptions()
                .setViewportSize(1280, 800)
                .setLocale("en-US")
                .setTimezoneId("UTC")
                .setServiceWorkers(com.microsoft.playwright.options.ServiceWorkerPolicy.BLOCK);
        stored.ifPresent(options::setStorageState);
        return browser.run(options, budget, (context, deadline) -> reader.read(context, deadline, account, withHistory))
                .whenComplete((outcome, error) -> {
                    if (outcome != null) {
                        sessions.put(key, outcome.storageState());
                    } else if (TerminalProbe.cause(error) instanceof TerminalException refused
                            && !refused.retryable()) {
                        sessions.remove(key);
                    }
                })
                .thenApply(AccountReader.Outcome::snapshot);
    }

    /** Closes the browser pool and forgets every session. */
    @Override
    public void close() {
        sessions.clear();
        browser.close();
    }
}
