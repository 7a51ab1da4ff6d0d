package io.leadflow.plugins.mt5;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The terminal's text as numbers: spaces as thousands separators, an empty level, table columns by header. */
class AccountFiguresTest {

    @Test
    void readsTheBottomPanelWithSpacedThousands() {
        AccountFigures.Summary summary = AccountFigures.summary(
                "Balance: 10 000.00 USD  Equity: 10 250.50  Margin: 1\u00a0200.00  Free margin: 9 050.50  Level: 854.21 %");
        assertThat(summary).isEqualTo(new AccountFigures.Summary(10000.0, "USD", 10250.5, 1200.0, 9050.5, 854.21));
    }

    @Test
    void anEmptyLevelAndNegativeEquityAreRead() {
        AccountFigures.Summary summary = AccountFigures.summary("Balance: 12.00 EUR Equity: -3.50 Margin: 0.00 Free margin: -3.50 Level: ");
        assertThat(summary.equity()).isEqualTo(-3.5);
        assertThat(summary.marginLevel()).isNull();
        assertThat(summary.margin()).isZero();
    }

    @Test
    void aPanelWithoutBalanceOrEquityIsNoSummary() {
        assertThat(AccountFigures.summary("Bal 1 000.00 | Eq 1 000.00")).isNull();
    }

    @Test
    void tableRowsAreReadByHeaderAndTotalsRowsLeftOut() {
        List<Map<String, Object>> rows = AccountFigures.rows(
                List.of("Symbol", "Ticket", "Time", "Type", "Volume", "Price", "S / L", "T / P", "Price", "Profit"),
                List.of(List.of("EURUSD", "70011", "2026.12.06 09:00:00", "Buy", "1.00", "1.08512", "", "", "1.08632", "1 120.50"),
                        List.of("Balance: 12 345.67")),
                10);
        assertThat(rows).containsExactly(Map.of("symbol", "EURUSD", "ticket", "70011", "time", "2026.12.06 09:00:00",
                "type", "buy", "volume", 1.0, "price", 1.08512, "profit", 1120.5));
    }

    @Test
    void historyIsCappedAtTheLimit() {
        List<List<String>> cells = java.util.stream.IntStream.range(0, 5)
                .mapToObj(index -> List.of("2026.12.0" + (index + 1), String.valueOf(index), "EURUSD", "sell", "0.10", "1.1", "1.00"))
                .toList();
        assertThat(AccountFigures.rows(List.of("Time", "Deal", "Symbol", "Type", "Volume", "Price", "Profit"), cells, 3))
                .hasSize(3);
    }
}
