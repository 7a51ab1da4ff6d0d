package io.leadflow.plugins.mt5;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the terminal's text into numbers: the bottom panel's summary
 * ({@code Balance: 10 000.00 USD  Equity: 10 250.50  Margin: 120.00  Free margin: 10 130.50  Level: 8 542.08 %})
 * and the rows of its Trade and History tables. The terminal groups thousands with spaces
 * (ordinary, no-break or thin), so those are dropped before parsing.
 */
final class AccountFigures {
    private static final String NUMBER = "(-?\\d[\\d \\u00a0\\u202f\\u2009]*(?:[.,]\\d+)?)";
    private static final Pattern BALANCE = Pattern.compile("Balance:\\s*" + NUMBER + "\\s*([A-Z]{3})?");
    private static final Pattern EQUITY = Pattern.compile("Equity:\\s*" + NUMBER);
    private static final Pattern MARGIN = Pattern.compile("(?<!Free )Margin:\\s*" + NUMBER);
    private static final Pattern FREE_MARGIN = Pattern.compile("Free [Mm]argin:\\s*" + NUMBER);
    private static final Pattern LEVEL = Pattern.compile("(?:Margin )?[Ll]evel:\\s*" + NUMBER + "\\s*%");

    /** The most history rows one read returns. */
    static final int MAX_HISTORY_ROWS = 100;

    private AccountFigures() {
    }

    /**
     * The summary's figures. Balance and equity must be there; margin, free margin and level may
     * be empty (the terminal leaves the level blank when no margin is used).
     *
     * @return the figures, with null for those the text lacks, or null if balance or equity is missing
     */
    static Summary summary(String text) {
        String flat = text.replace('\n', ' ');
        Matcher balance = BALANCE.matcher(flat);
        Matcher equity = EQUITY.matcher(flat);
        if (!balance.find() || !equity.find()) {
            return null;
        }
        return new Summary(number(balance.group(1)), balance.group(2), number(equity.group(1)),
                find(MARGIN, flat), find(FREE_MARGIN, flat), find(LEVEL, flat));
    }

    private static Double find(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        return matcher.find() ? number(matcher.group(1)) : null;
    }

    /** A number as the terminal prints it ({@code 10 000.00}, {@code -1 234.5}), or null if it is none. */
    static Double number(String text) {
        if (text == null) {
            return null;
        }
        String digits = text.replaceAll("[\\s\\u00a0\\u202f\\u2009]", "");
        if (digits.indexOf('.') < 0 && digits.indexOf(',') >= 0) {
            digits = digits.replace(',', '.');
        }
        digits = digits.replace(",", "");
        try {
            return digits.isEmpty() ? null : Double.valueOf(digits);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Rows of a Trade or History table as items: each cell under the column whose header names
     * it ({@code Symbol}, {@code Ticket}/{@code Order}/{@code Position}/{@code Deal}, {@code Time},
     * {@code Type}, {@code Volume}, {@code Price}, {@code Profit}); numbers as numbers. Rows
     * without a symbol (the table's own totals row) are left out.
     */
    static List<Map<String, Object>> rows(List<String> headers, List<List<String>> cells, int limit) {
        Map<String, Integer> columns = new LinkedHashMap<>();
        for (int index = 0; index < headers.size(); index++) {
            String field = field(headers.get(index));
            if (field != null) {
                columns.putIfAbsent(field, index);
            }
        }
        int needed = columns.values().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
        List<Map<String, Object>> rows = new ArrayList<>();
        for (List<String> row : cells) {
            if (rows.size() >= limit) {
                break;
            }
            if (row.size() < needed) {
                // a totals or "no positions" row spanning the table is not a position
                continue;
            }
            Map<String, Object> item = new LinkedHashMap<>();
            columns.forEach((field, index) -> {
                String value = index < row.size() ? row.get(index).trim() : "";
                item.put(field, switch (field) {
                    case "volume", "price", "profit" -> number(value);
                    case "type" -> value.toLowerCase(Locale.ROOT);
                    default -> value;
                });
            });
            if (item.get("symbol") instanceof String symbol && !symbol.isBlank()) {
                rows.add(item);
            }
        }
        return rows;
    }

    /** The item field a column header names, or null for a column the reader does not return. */
    static String field(String header) {
        String name = header.toLowerCase(Locale.ROOT).replaceAll("[^a-z/]", "");
        return switch (name) {
            case "symbol" -> "symbol";
            case "ticket", "order", "position", "deal" -> "ticket";
            case "time", "opentime" -> "time";
            case "type" -> "type";
            case "volume", "lots", "volume/lots" -> "volume";
            case "price", "openprice" -> "price";
            case "profit" -> "profit";
            default -> null;
        };
    }

    /**
     * The bottom panel's figures.
     *
     * @param balance the balance
     * @param currency the account currency, or null if the panel does not show it
     * @param equity the equity
     * @param margin the margin in use, or null
     * @param freeMargin the free margin, or null
     * @param marginLevel the margin level in percent, or null
     */
    record Summary(Double balance, String currency, Double equity, Double margin, Double freeMargin,
                   Double marginLevel) {
    }
}
