package io.leadflow.plugins.mt5;

import java.util.List;

/**
 * Every selector the reader uses on the MT5 Web Terminal, in one place and versioned: when
 * MetaQuotes changes the terminal, this file (and {@link #VERSION}) changes, nothing else. Each
 * element has fallbacks, tried in order; the first visible match wins. The candidates follow the
 * terminal's own markup: named inputs {@code login}, {@code password} and {@code server} (with the
 * placeholders "Enter Login" / "Enter Password"), a "Connect to account" button, a bottom panel
 * whose text reads {@code Balance: … Equity: … Margin: … Free margin: … Level: …%}, and Trade and
 * History tabs holding tables with a header row.
 */
final class TerminalSelectors {

    /** The version of this set; recorded with every layout-changed failure. */
    static final String VERSION = "mt5-web-2026.12";

    /**
     * One element of the terminal.
     *
     * @param name a stable name, reported when the element is missing
     * @param candidates Playwright selectors, tried in order
     */
    record Selector(String name, List<String> candidates) {
        Selector {
            candidates = List.copyOf(candidates);
        }
    }

    /** The cookie or risk disclaimer some brokers show first; optional. */
    static final Selector DISCLAIMER_ACCEPT = new Selector("disclaimer-accept", List.of(
            "button:has-text(\"Accept\")", "button:has-text(\"I agree\")"));

    /** The account number field of the login form. */
    static final Selector LOGIN_FIELD = new Selector("login-field", List.of(
            "input[name=\"login\"]", "input[placeholder=\"Enter Login\"]", "input[autocomplete=\"username\"]"));

    /** The password field (the investor password goes here). */
    static final Selector PASSWORD_FIELD = new Selector("password-field", List.of(
            "input[name=\"password\"]", "input[placeholder=\"Enter Password\"]", "input[type=\"password\"]"));

    /** The trade server field. */
    static final Selector SERVER_FIELD = new Selector("server-field", List.of(
            "input[name=\"server\"]", "input[placeholder*=\"server\" i]"));

    /** The button that logs in. */
    static final Selector CONNECT_BUTTON = new Selector("connect-button", List.of(
            "button:has-text(\"Connect to account\")", "button[type=\"submit\"]:has-text(\"Connect\")",
            "button:has-text(\"Login\")"));

    /** The message the login form shows when the terminal refuses the account. */
    static final Selector LOGIN_ERROR = new Selector("login-error", List.of(
            ".login-error", "form [role=\"alert\"]", "[role=\"alert\"]:has-text(\"Invalid\")",
            ":text-matches(\"Invalid account|Authorization failed|No connection with trade server|Server not found\", \"i\")"));

    /** What the terminal shows while it connects: still busy, not a changed layout. */
    static final Selector CONNECTING = new Selector("connecting", List.of(
            ".connecting", "[aria-busy=\"true\"]", ":text-matches(\"^Connecting\", \"i\")"));

    /** The bottom panel's account summary: {@code Balance: … Equity: … Margin: … Free margin: … Level: …%}. */
    static final Selector ACCOUNT_SUMMARY = new Selector("account-summary", List.of(
            ".bottom-panel .account-summary", "[data-role=\"account-summary\"]",
            ":text-matches(\"Balance:[\\\\s\\\\S]*Equity:\")"));

    /** The Trade tab of the bottom panel (open positions). */
    static final Selector TRADE_TAB = new Selector("trade-tab", List.of(
            "[role=\"tab\"]:has-text(\"Trade\")", ".bottom-panel button:has-text(\"Trade\")"));

    /** The table of open positions, once the Trade tab is shown. */
    static final Selector POSITIONS_TABLE = new Selector("positions-table", List.of(
            "[role=\"tabpanel\"][data-tab=\"trade\"] table", "table.trade-table",
            "table:visible:has(th:has-text(\"Ticket\")):has(th:has-text(\"Profit\"))"));

    /** The History tab of the bottom panel (closed deals). */
    static final Selector HISTORY_TAB = new Selector("history-tab", List.of(
            "[role=\"tab\"]:has-text(\"History\")", ".bottom-panel button:has-text(\"History\")"));

    /** The table of recent history, once the History tab is shown. */
    static final Selector HISTORY_TABLE = new Selector("history-table", List.of(
            "[role=\"tabpanel\"][data-tab=\"history\"] table", "table.history-table",
            "table:visible:has(th:has-text(\"Ticket\")):has(th:has-text(\"Profit\"))"));

    private TerminalSelectors() {
    }
}
