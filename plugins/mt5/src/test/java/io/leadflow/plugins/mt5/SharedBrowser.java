package io.leadflow.plugins.mt5;

import java.util.List;
import java.util.Map;

/**
 * The one browser pool every test of this module shares (starting Chromium and a Playwright
 * driver costs about a second each), with timeouts short enough that the failure tests stay fast.
 * Closed when the test JVM exits.
 */
final class SharedBrowser {
    /** The account the fake terminal knows best: funded, two open positions. */
    static final FakeWebTerminal.Account FUNDED = new FakeWebTerminal.Account("51234567", "inv-Secret#1",
            "FakeBroker-Demo", "USD", 12345.67, 12500.17, 250.00,
            List.of(position("EURUSD", 70011, "buy", 1.00, 1.08512, 1.08632, 120.50),
                    position("XAUUSD", 70012, "sell", 0.10, 2391.40, 2388.00, 34.00)),
            List.of(deal("2026.12.04 10:15:02", 69990, "GBPUSD", "buy", 0.50, 1.27010, -45.20),
                    deal("2026.12.05 16:40:51", 69991, "EURUSD", "sell", 1.00, 1.08200, 210.00)));

    /** A small account: no positions, so no margin and an empty level. */
    static final FakeWebTerminal.Account SMALL = new FakeWebTerminal.Account("50000001", "look-only", "FakeBroker-Demo",
            "EUR", 800.00, 800.00, 0.0, List.of(), List.of());

    static final BrowserSettings SETTINGS = BrowserSettings.from(Map.of(
            "LEADFLOW_MT5_NAVIGATION_TIMEOUT_MILLIS", "3000",
            "LEADFLOW_MT5_SELECTOR_TIMEOUT_MILLIS", "2000",
            "LEADFLOW_MT5_LOGIN_TIMEOUT_MILLIS", "3000",
            "LEADFLOW_MT5_READ_TIMEOUT_MILLIS", "20000",
            "LEADFLOW_MT5_MAX_CONTEXTS", "4")::get);

    private static Mt5Services services;

    private SharedBrowser() {
    }

    static synchronized Mt5Services services() {
        if (services == null) {
            services = new Mt5Services(SETTINGS);
            Runtime.getRuntime().addShutdownHook(new Thread(services::close));
        }
        return services;
    }

    private static Map<String, Object> position(String symbol, long ticket, String type, double volume, double price,
                                                double current, double profit) {
        Map<String, Object> row = new java.util.LinkedHashMap<>();
        row.put("symbol", symbol);
        row.put("ticket", ticket);
        row.put("time", "2026.12.06 09:00:00");
        row.put("type", type);
        row.put("volume", volume);
        row.put("price", price);
        row.put("current", current);
        row.put("profit", profit);
        return row;
    }

    private static Map<String, Object> deal(String time, long ticket, String symbol, String type, double volume,
                                            double price, double profit) {
        Map<String, Object> row = new java.util.LinkedHashMap<>();
        row.put("time", time);
        row.put("ticket", ticket);
        row.put("symbol", symbol);
        row.put("type", type);
        row.put("volume", volume);
        row.put("price", price);
        row.put("profit", profit);
        return row;
    }
}
