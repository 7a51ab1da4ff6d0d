package io.leadflow.plugins.mt5;

import io.leadflow.api.node.NodeResult;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A read that failed, classified: its stable {@link #code()}, whether trying again may help, and
 * for a changed layout the selector that matched nothing and a screenshot of the page. Messages
 * never carry the investor password.
 */
final class TerminalException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Wrong login, investor password or server: the terminal refused the account. Permanent. */
    static final String LOGIN_FAILED = "login-failed";
    /** The terminal answered, but a page or a step did not finish in time. Retryable. */
    static final String TIMEOUT = "timeout";
    /** An element the reader needs matched none of its selectors: the terminal changed. Permanent. */
    static final String LAYOUT_CHANGED = "layout-changed";
    /** The terminal did not answer (refused, unreachable, 5xx, circuit open). Retryable. */
    static final String TERMINAL_UNAVAILABLE = "terminal-unavailable";
    /** Every browser context is busy and the queue is full. Retryable. */
    static final String BUSY = "busy";
    /** Chromium or Node.js cannot be started on this machine. Permanent until an admin fixes it. */
    static final String BROWSER_UNAVAILABLE = "browser-unavailable";
    /** The browser failed in a way none of the above explains (Chromium crashed, say). Retryable. */
    static final String BROWSER_ERROR = "browser-error";
    /** The node's or credential's account details are incomplete or malformed. Permanent. */
    static final String INVALID_ACCOUNT = "invalid-account";

    private final String code;
    private final boolean retryable;
    private final transient Map<String, Object> details;

    private TerminalException(String code, boolean retryable, String message, Map<String, Object> details,
                              Throwable cause) {
        super(message, cause);
        this.code = code;
        this.retryable = retryable;
        this.details = details;
    }

    static TerminalException loginFailed(String message) {
        return new TerminalException(LOGIN_FAILED, false, message, Map.of(), null);
    }

    static TerminalException timeout(String message) {
        return new TerminalException(TIMEOUT, true, message, Map.of(), null);
    }

    static TerminalException unavailable(String message, Throwable cause) {
        return new TerminalException(TERMINAL_UNAVAILABLE, true, message, Map.of(), cause);
    }

    static TerminalException busy(String message) {
        return new TerminalException(BUSY, true, message, Map.of(), null);
    }

    static TerminalException browserUnavailable(String message, Throwable cause) {
        return new TerminalException(BROWSER_UNAVAILABLE, false, message, Map.of(), cause);
    }

    static TerminalException browserError(String message, Throwable cause) {
        return new TerminalException(BROWSER_ERROR, true, message, Map.of(), cause);
    }

    static TerminalException invalidAccount(String message) {
        return new TerminalException(INVALID_ACCOUNT, false, message, Map.of(), null);
    }

    /**
     * The terminal's page no longer has what the reader expects.
     *
     * @param selector the element that matched none of its selectors
     * @param what what was wrong with it, for people
     * @param screenshot the page as a {@code data:} URL, or null when none could be taken
     * @param pageUrl the page's address without its query, or null
     */
    static TerminalException layoutChanged(TerminalSelectors.Selector selector, String what, String screenshot,
                                           String pageUrl) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("selector", selector.name());
        details.put("selectorCandidates", selector.candidates());
        details.put("selectorsVersion", TerminalSelectors.VERSION);
        if (pageUrl != null) {
            details.put("pageUrl", pageUrl);
        }
        if (screenshot != null) {
            details.put("screenshot", screenshot);
        }
        return new TerminalException(LAYOUT_CHANGED, false, "the MT5 web terminal's layout changed: " + what
                + " (selector '" + selector.name() + "', selectors " + TerminalSelectors.VERSION + ")", details, null);
    }

    /** @return the stable failure code */
    String code() {
        return code;
    }

    /** @return whether trying again may succeed */
    boolean retryable() {
        return retryable;
    }

    /** @return plain JSON values for the node run's record */
    Map<String, Object> details() {
        return details == null ? Map.of() : details;
    }

    /** @return this failure as a node result */
    NodeResult.Failure toFailure() {
        return new NodeResult.Failure(getMessage(), retryable, code, details());
    }
}
