package io.leadflow.plugins.mt5;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.TimeoutError;
import com.microsoft.playwright.options.ScreenshotType;
import com.microsoft.playwright.options.WaitUntilState;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One read of an MT5 account in a browser context: open the web terminal, log in with the
 * investor password unless the context's stored session is still logged in, then read the bottom
 * panel's summary, the Trade tab's positions and, if asked, the History tab. Every wait is bounded
 * by the settings and by the read's deadline; what goes wrong becomes a classified
 * {@link TerminalException}.
 */
final class AccountReader {
    /** The largest screenshot recorded with a layout-changed failure, as a {@code data:} URL. */
    static final int MAX_SCREENSHOT_CHARS = 300 * 1024;
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Pattern NET_ERROR = Pattern.compile("net::(ERR_[A-Z_]+)");
    private static final String READ_TABLE = """
            table => ({
              headers: Array.from(table.querySelectorAll('thead th, thead td')).map(cell => cell.innerText.trim()),
              rows: Array.from(table.querySelectorAll('tbody tr'))
                .map(row => Array.from(row.querySelectorAll('td')).map(cell => cell.innerText.trim()))
            })""";

    private final BrowserSettings settings;

    AccountReader(BrowserSettings settings) {
        this.settings = settings;
    }

    /**
     * What a read found.
     *
     * @param snapshot the account's figures
     * @param storageState the context's storage state after the read, to reuse the session
     */
    record Outcome(AccountSnapshot snapshot, String storageState) {
    }

    /** Reads the account in {@code context}, which may carry a stored session. */
    Outcome read(BrowserContext context, Instant deadline, TerminalAccount account, boolean withHistory) {
        try {
            return readOrThrow(context, deadline, account, withHistory);
        } catch (TimeoutError e) {
            // a single step (a click, a fill) that its own timeout ended
            throw TerminalException.timeout("a step in the MT5 web terminal timed out: " + firstLine(e));
        } catch (PlaywrightException e) {
            throw TerminalException.browserError("the browser failed during the read: " + firstLine(e), e);
        }
    }

    private static String firstLine(PlaywrightException error) {
        String message = String.valueOf(error.getMessage());
        Matcher inner = Pattern.compile("message='([^\\n']*)").matcher(message);
        String line = inner.find() ? inner.group(1) : message.lines().findFirst().orElse(message);
        return line.length() > 200 ? line.substring(0, 200) : line;
    }

    private Outcome readOrThrow(BrowserContext context, Instant deadline, TerminalAccount account, boolean withHistory) {
        Instant started = Instant.now();
        String host = account.terminalUrl().getHost();
        // the browser may fetch only from the terminal's own host: the page cannot reach
        // internal addresses the kernel's HTTP guard would refuse
        context.route(url -> !sameHost(url, host), route -> route.abort("blockedbyclient"));
        Page page = context.newPage();
        page.setDefaultTimeout(settings.selectorTimeout().toMillis());
        open(page, account, deadline);
        boolean reused = awaitTerminal(page, deadline);
        if (!reused) {
            logIn(page, account, deadline);
        }
        AccountFigures.Summary summary = summary(page, deadline);
        List<Map<String, Object>> positions = table(page, TerminalSelectors.TRADE_TAB, TerminalSelectors.POSITIONS_TABLE,
                Integer.MAX_VALUE, deadline);
        List<Map<String, Object>> history = withHistory ? table(page, TerminalSelectors.HISTORY_TAB,
                TerminalSelectors.HISTORY_TABLE, AccountFigures.MAX_HISTORY_ROWS, deadline) : null;
        String storageState = context.storageState();
        AccountSnapshot snapshot = new AccountSnapshot(account.login(), account.server(), account.terminalAddress(),
                summary, positions, history, reused, Instant.now(), Duration.between(started, Instant.now()));
        return new Outcome(snapshot, storageState);
    }

    private void open(Page page, TerminalAccount account, Instant deadline) {
        long timeout = bounded(settings.navigationTimeout(), deadline);
        try {
            Response response = page.navigate(account.terminalUrl().toString(), new Page.NavigateOptions()
                    .setTimeout(timeout).setWaitUntil(WaitUntilState.LOAD));
            if (response != null && response.status() >= 500) {
                throw TerminalException.unavailable("the MT5 web terminal answered HTTP " + response.status(), null);
            }
        } catch (TimeoutError e) {
            throw TerminalException.timeout("the MT5 web terminal did not finish loading within " + seconds(timeout));
        } catch (PlaywrightException e) {
            Matcher error = NET_ERROR.matcher(String.valueOf(e.getMessage()));
            if (error.find()) {
                throw TerminalException.unavailable("cannot open the MT5 web terminal: " + error.group(1), null);
            }
            throw e;
        }
    }

    /**
     * Waits for the login form or, with a stored session, the terminal itself; accepts a
     * disclaimer on the way.
     *
     * @return true if the stored session is still logged in
     */
    private boolean awaitTerminal(Page page, Instant deadline) {
        long timeout = bounded(settings.selectorTimeout(), deadline);
        Instant until = Instant.now().plusMillis(timeout);
        boolean disclaimerAccepted = false;
        while (true) {
            // the disclaimer first: it covers the login form, which may already be visible beneath it
            Optional<TerminalSelectors.Selector> shown = disclaimerAccepted
                    ? firstVisible(page, until, TerminalSelectors.ACCOUNT_SUMMARY, TerminalSelectors.LOGIN_FIELD)
                    : firstVisible(page, until, TerminalSelectors.DISCLAIMER_ACCEPT,
                    TerminalSelectors.ACCOUNT_SUMMARY, TerminalSelectors.LOGIN_FIELD);
            if (shown.isEmpty()) {
                if (visible(page, TerminalSelectors.CONNECTING) != null) {
                    throw TerminalException.timeout("the MT5 web terminal was still loading after " + seconds(timeout));
                }
                throw layoutChanged(page, TerminalSelectors.LOGIN_FIELD, "the page shows neither a login form nor an account");
            }
            if (shown.get() == TerminalSelectors.DISCLAIMER_ACCEPT) {
                visible(page, TerminalSelectors.DISCLAIMER_ACCEPT).click();
                disclaimerAccepted = true;
                continue;
            }
            return shown.get() == TerminalSelectors.ACCOUNT_SUMMARY;
        }
    }

    private void logIn(Page page, TerminalAccount account, Instant deadline) {
        fill(page, TerminalSelectors.LOGIN_FIELD, account.login());
        fill(page, TerminalSelectors.PASSWORD_FIELD, account.investorPassword());
        Locator server = visible(page, TerminalSelectors.SERVER_FIELD);
        // a broker's own terminal may have its server fixed and no field for it
        if (server != null) {
            server.fill(account.server());
        }
        // a disclaimer that came up late would swallow the click
        Locator disclaimer = visible(page, TerminalSelectors.DISCLAIMER_ACCEPT);
        if (disclaimer != null) {
            disclaimer.click();
        }
        Locator connect = visible(page, TerminalSelectors.CONNECT_BUTTON);
        if (connect == null) {
            throw layoutChanged(page, TerminalSelectors.CONNECT_BUTTON, "no 'Connect to account' button");
        }
        connect.click();
        long timeout = bounded(settings.loginTimeout(), deadline);
        Instant until = Instant.now().plusMillis(timeout);
        Optional<TerminalSelectors.Selector> shown = firstVisible(page, until, TerminalSelectors.ACCOUNT_SUMMARY,
                TerminalSelectors.LOGIN_ERROR);
        if (shown.isEmpty()) {
            if (visible(page, TerminalSelectors.CONNECTING) != null) {
                throw TerminalException.timeout("the MT5 web terminal did not connect within " + seconds(timeout));
            }
            throw layoutChanged(page, TerminalSelectors.ACCOUNT_SUMMARY, "no account panel and no error after logging in");
        }
        if (shown.get() == TerminalSelectors.LOGIN_ERROR) {
            String said = visible(page, TerminalSelectors.LOGIN_ERROR).innerText().strip();
            // a terminal never echoes the password, but nothing from the page is trusted with it
            said = said.replace(account.investorPassword(), "***");
            throw TerminalException.loginFailed("the MT5 web terminal refused account " + account.login() + " on "
                    + account.server() + ": " + (said.length() > 200 ? said.substring(0, 200) : said));
        }
    }

    private void fill(Page page, TerminalSelectors.Selector selector, String value) {
        Locator field = visible(page, selector);
        if (field == null) {
            throw layoutChanged(page, selector, "the login form has no such field");
        }
        field.fill(value);
    }

    private AccountFigures.Summary summary(Page page, Instant deadline) {
        Locator panel = awaitVisible(page, TerminalSelectors.ACCOUNT_SUMMARY, deadline);
        AccountFigures.Summary summary = AccountFigures.summary(panel.innerText());
        if (summary == null) {
            throw layoutChanged(page, TerminalSelectors.ACCOUNT_SUMMARY, "the account summary shows no Balance and Equity");
        }
        return summary;
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> table(Page page, TerminalSelectors.Selector tab, TerminalSelectors.Selector table,
                                            int limit, Instant deadline) {
        Locator tabButton = awaitVisible(page, tab, deadline);
        tabButton.click();
        Locator shown = awaitVisible(page, table, deadline);
        Object read = shown.evaluate(READ_TABLE);
        if (!(read instanceof Map<?, ?> map) || !(map.get("headers") instanceof List<?> headers)
                || !(map.get("rows") instanceof List<?> rows)) {
            throw layoutChanged(page, table, "the table has no header row");
        }
        List<String> names = headers.stream().map(String::valueOf).toList();
        if (AccountFigures.field(names.isEmpty() ? "" : names.get(0)) == null
                && names.stream().noneMatch(name -> "symbol".equals(AccountFigures.field(name)))) {
            throw layoutChanged(page, table, "the table has no Symbol column");
        }
        List<List<String>> cells = new ArrayList<>();
        for (Object row : rows) {
            cells.add(((List<Object>) row).stream().map(String::valueOf).toList());
        }
        return AccountFigures.rows(names, cells, limit);
    }

    private Locator awaitVisible(Page page, TerminalSelectors.Selector selector, Instant deadline) {
        long timeout = bounded(settings.selectorTimeout(), deadline);
        Instant until = Instant.now().plusMillis(timeout);
        if (firstVisible(page, until, selector).isEmpty()) {
            if (visible(page, TerminalSelectors.CONNECTING) != null) {
                throw TerminalException.timeout("the MT5 web terminal was still busy after " + seconds(timeout));
            }
            throw layoutChanged(page, selector, "not found within " + seconds(timeout));
        }
        return visible(page, selector);
    }

    /** Polls until one of {@code selectors} shows something, or {@code until} passes. */
    private static Optional<TerminalSelectors.Selector> firstVisible(Page page, Instant until,
                                                                     TerminalSelectors.Selector... selectors) {
        while (true) {
            for (TerminalSelectors.Selector selector : selectors) {
                if (visible(page, selector) != null) {
                    return Optional.of(selector);
                }
            }
            long left = Duration.between(Instant.now(), until).toMillis();
            if (left <= 0) {
                return Optional.empty();
            }
            // waitForTimeout, not Thread.sleep: Playwright dispatches the page's events (routes) meanwhile
            page.waitForTimeout(Math.min(left, POLL.toMillis()));
        }
    }

    /** The first candidate of {@code selector} that is visible now, or null; never waits. */
    private static Locator visible(Page page, TerminalSelectors.Selector selector) {
        for (String candidate : selector.candidates()) {
            Locator locator = page.locator(candidate).first();
            try {
                if (locator.isVisible()) {
                    return locator;
                }
            } catch (PlaywrightException e) {
                // a candidate the page cannot evaluate counts as not there; the next one may match
            }
        }
        return null;
    }

    private TerminalException layoutChanged(Page page, TerminalSelectors.Selector selector, String what) {
        return TerminalException.layoutChanged(selector, what, screenshot(page), address(page.url()));
    }

    /** The page as a {@code data:} URL of at most {@value #MAX_SCREENSHOT_CHARS} characters, or null. */
    static String screenshot(Page page) {
        try {
            String png = "data:image/png;base64," + Base64.getEncoder().encodeToString(page.screenshot(
                    new Page.ScreenshotOptions().setType(ScreenshotType.PNG).setTimeout(5_000)));
            if (png.length() <= MAX_SCREENSHOT_CHARS) {
                return png;
            }
            // a busy page makes a large PNG; a coarse JPEG still shows what the terminal showed
            String jpeg = "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(page.screenshot(
                    new Page.ScreenshotOptions().setType(ScreenshotType.JPEG).setQuality(40).setTimeout(5_000)));
            return jpeg.length() <= MAX_SCREENSHOT_CHARS ? jpeg : null;
        } catch (PlaywrightException e) {
            return null;
        }
    }

    private static String address(String url) {
        try {
            URI uri = new URI(url);
            return uri.getScheme() + "://" + uri.getRawAuthority() + (uri.getRawPath() == null ? "" : uri.getRawPath());
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    private static boolean sameHost(String url, String host) {
        if (url.startsWith("data:") || url.startsWith("blob:") || url.startsWith("about:")) {
            return true;
        }
        try {
            String requested = new URI(url).getHost();
            return requested != null && requested.toLowerCase(Locale.ROOT).equals(host.toLowerCase(Locale.ROOT));
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    /** The smaller of a step's timeout and what is left of the read, at least 1 ms. */
    private static long bounded(Duration step, Instant deadline) {
        long left = Duration.between(Instant.now(), deadline).toMillis();
        if (left <= 0) {
            throw TerminalException.timeout("the read ran out of time");
        }
        return Math.max(1, Math.min(step.toMillis(), left));
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
