package io.leadflow.plugins.mt5;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one read found on the terminal: the account's figures, its open positions and recent
 * history. Carries no password.
 *
 * @param login the account number
 * @param server the trade server
 * @param terminal the terminal's address (no query)
 * @param summary the bottom panel's figures
 * @param positions the open positions ({@code symbol, ticket, type, volume, price, profit}, ...)
 * @param history the recent history rows, or null when not read
 * @param sessionReused whether a stored session was still logged in (no login this time)
 * @param readAt when the read ended
 * @param took how long the read took in the browser
 */
record AccountSnapshot(String login, String server, String terminal, AccountFigures.Summary summary,
                       List<Map<String, Object>> positions, List<Map<String, Object>> history,
                       boolean sessionReused, Instant readAt, Duration took) {

    /** @return the item the node emits: plain JSON values */
    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("login", login);
        json.put("server", server);
        json.put("currency", summary.currency());
        json.put("balance", summary.balance());
        json.put("equity", summary.equity());
        json.put("margin", summary.margin());
        json.put("freeMargin", summary.freeMargin());
        json.put("marginLevel", summary.marginLevel());
        double floating = positions.stream().map(row -> row.get("profit"))
                .mapToDouble(profit -> profit instanceof Double value ? value : 0.0).sum();
        json.put("profit", Math.round(floating * 100.0) / 100.0);
        json.put("openPositions", positions.size());
        json.put("positions", positions);
        if (history != null) {
            json.put("history", history);
        }
        json.put("terminal", terminal);
        json.put("sessionReused", sessionReused);
        json.put("readAt", readAt.toString());
        json.put("durationMs", took.toMillis());
        return json;
    }
}
