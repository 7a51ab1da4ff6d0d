package io.leadflow.plugins.mt5;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.api.node.Item;
import io.leadflow.api.node.NodeResult;
import io.leadflow.api.node.Port;
import io.leadflow.testkit.JdkHttpClient;
import io.leadflow.testkit.NodeRunner;
import io.leadflow.testkit.TestContext;
import io.leadflow.testkit.TestCredential;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code mt5.read-account} in the real Chromium against {@link FakeWebTerminal}: a read, the
 * session reused by the next one, and each way a read fails, classified and bounded in time.
 */
@SuppressWarnings("unchecked")
class ReadAccountIT {
    static FakeWebTerminal terminal;
    final ReadAccount node = new ReadAccount(SharedBrowser::services);

    @BeforeAll
    static void startTerminal() {
        terminal = FakeWebTerminal.start().account(SharedBrowser.FUNDED).account(SharedBrowser.SMALL);
    }

    @AfterAll
    static void stopTerminal() {
        terminal.close();
    }

    @BeforeEach
    void normal() {
        terminal.mode(FakeWebTerminal.Mode.NORMAL);
        SharedBrowser.services().sessions().clear();
        terminal.resetCounters();
    }

    private TestContext context(Map<String, Object> fields) {
        TestCredential credential = TestCredential.of(Mt5CredentialType.TYPE_ID, fields);
        return TestContext.builder().credential(credential).http(new JdkHttpClient()).build();
    }

    private Map<String, Object> funded() {
        return Map.of("terminalUrl", terminal.terminalUrl().toString(), "server", "FakeBroker-Demo",
                "login", "51234567", "investorPassword", "inv-Secret#1");
    }

    private NodeResult read(TestContext context) {
        return NodeRunner.run(node, List.of(Item.of(Map.of("leadId", "lead-1"))), context);
    }

    @Test
    void readsTheAccountThenReusesItsSessionWithoutLoggingInAgain() {
        TestContext first = context(funded());
        long coldStarted = System.nanoTime();
        NodeResult cold = read(first);
        long coldMillis = (System.nanoTime() - coldStarted) / 1_000_000;

        assertThat(cold).isInstanceOf(NodeResult.Emit.class);
        Map<String, Object> account = NodeRunner.itemsOn(cold, Port.MAIN).get(0).json();
        assertThat(account).containsEntry("leadId", "lead-1").containsEntry("login", "51234567")
                .containsEntry("server", "FakeBroker-Demo").containsEntry("currency", "USD")
                .containsEntry("balance", 12345.67).containsEntry("equity", 12500.17)
                .containsEntry("margin", 250.0).containsEntry("freeMargin", 12250.17)
                .containsEntry("marginLevel", 5000.07).containsEntry("openPositions", 2)
                .containsEntry("profit", 154.5).containsEntry("sessionReused", false);
        assertThat((List<Object>) account.get("positions")).containsExactly(
                Map.of("symbol", "EURUSD", "ticket", "70011", "time", "2026.12.06 09:00:00", "type", "buy",
                        "volume", 1.0, "price", 1.08512, "profit", 120.5),
                Map.of("symbol", "XAUUSD", "ticket", "70012", "time", "2026.12.06 09:00:00", "type", "sell",
                        "volume", 0.1, "price", 2391.4, "profit", 34.0));
        assertThat((List<Object>) account.get("history")).hasSize(2).first()
                .isEqualTo(Map.of("time", "2026.12.04 10:15:02", "ticket", "69990", "symbol", "GBPUSD",
                        "type", "buy", "volume", 0.5, "price", 1.2701, "profit", -45.2));
        assertThat(terminal.logins()).isEqualTo(1);
        assertThat(terminal.loginBodies().get(0)).contains("\"login\":\"51234567\"", "\"server\":\"FakeBroker-Demo\"");

        TestContext second = context(funded());
        long warmStarted = System.nanoTime();
        NodeResult warm = read(second);
        long warmMillis = (System.nanoTime() - warmStarted) / 1_000_000;
        assertThat(NodeRunner.itemsOn(warm, Port.MAIN).get(0).json()).containsEntry("sessionReused", true)
                .containsEntry("equity", 12500.17);
        assertThat(terminal.logins()).as("the stored session is still logged in").isEqualTo(1);
        long[] more = new long[5];
        for (int index = 0; index < more.length; index++) {
            long started = System.nanoTime();
            assertThat(read(context(funded()))).isInstanceOf(NodeResult.Emit.class);
            more[index] = (System.nanoTime() - started) / 1_000_000;
        }
        System.out.printf("MT5 read: cold %d ms (the first read of this JVM's pool: Chromium and the drivers start),"
                + " warm %d ms, then %s ms%n", coldMillis, warmMillis, java.util.Arrays.toString(more));

        // the investor password is nowhere in what the runs produced or logged
        assertThat(cold.toString() + warm).doesNotContain("inv-Secret#1");
        assertThat(String.join("\n", first.logger().lines()) + second.logger().lines()).doesNotContain("inv-Secret#1")
                .contains("51234567");
    }

    @Test
    void anAccountWithoutMarginHasNoLevelAndNoPositions() {
        NodeResult result = read(context(Map.of("terminalUrl", terminal.terminalUrl().toString(),
                "server", "FakeBroker-Demo", "login", "50000001", "investorPassword", "look-only")));
        Map<String, Object> account = NodeRunner.itemsOn(result, Port.MAIN).get(0).json();
        assertThat(account).containsEntry("balance", 800.0).containsEntry("equity", 800.0)
                .containsEntry("currency", "EUR").containsEntry("marginLevel", null).containsEntry("openPositions", 0);
        assertThat((List<?>) account.get("positions")).isEmpty();
    }

    @Test
    void theNodesFieldsOverrideTheCredentialForALeadsOwnAccount() {
        TestContext context = TestContext.builder().http(new JdkHttpClient())
                .config("terminalUrl", terminal.terminalUrl().toString())
                .config("server", "FakeBroker-Demo")
                .config("login", 50000001)
                .config("investorPassword", "look-only")
                .config("includeHistory", false)
                .build();
        Map<String, Object> account = NodeRunner.itemsOn(read(context), Port.MAIN).get(0).json();
        assertThat(account).containsEntry("login", "50000001").containsEntry("balance", 800.0)
                .doesNotContainKey("history");
    }

    @Test
    void aWrongInvestorPasswordIsAPermanentLoginFailure() {
        Map<String, Object> fields = new java.util.HashMap<>(funded());
        fields.put("investorPassword", "wrong-Guess#9");
        TestContext context = context(fields);
        NodeResult.Failure failure = (NodeResult.Failure) read(context);
        assertThat(failure.code()).isEqualTo("login-failed");
        assertThat(failure.retryable()).isFalse();
        assertThat(failure.message()).contains("refused account 51234567", "Invalid account")
                .doesNotContain("wrong-Guess#9");
        assertThat(String.join("\n", context.logger().lines())).doesNotContain("wrong-Guess#9");
    }

    @Test
    void anUnknownServerIsAPermanentLoginFailure() {
        Map<String, Object> fields = new java.util.HashMap<>(funded());
        fields.put("server", "NoSuchBroker-Live");
        NodeResult.Failure failure = (NodeResult.Failure) read(context(fields));
        assertThat(failure.code()).isEqualTo("login-failed");
        assertThat(failure.retryable()).isFalse();
        assertThat(failure.message()).contains("No connection with trade server NoSuchBroker-Live");
    }

    @Test
    void aPageThatNeverFinishesLoadingIsARetryableTimeoutWithinTheNavigationTimeout() {
        terminal.mode(FakeWebTerminal.Mode.SLOW_PAGE);
        long started = System.nanoTime();
        NodeResult.Failure failure = (NodeResult.Failure) read(context(funded()));
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(failure.code()).isEqualTo("timeout");
        assertThat(failure.retryable()).isTrue();
        assertThat(failure.message()).contains("did not finish loading within 3.0 s");
        assertThat(millis).isBetween(2_900L, 8_000L);
    }

    @Test
    void aLoginThatNeverConnectsIsARetryableTimeoutWithinTheLoginTimeout() {
        terminal.mode(FakeWebTerminal.Mode.SLOW_LOGIN);
        long started = System.nanoTime();
        NodeResult.Failure failure = (NodeResult.Failure) read(context(funded()));
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(failure.code()).isEqualTo("timeout");
        assertThat(failure.retryable()).isTrue();
        assertThat(failure.message()).contains("did not connect within 3.0 s");
        assertThat(millis).isLessThan(10_000L);
    }

    @Test
    void aChangedLoginLayoutNamesTheSelectorAndKeepsAScreenshot() {
        terminal.mode(FakeWebTerminal.Mode.CHANGED_LOGIN_LAYOUT);
        NodeResult.Failure failure = (NodeResult.Failure) read(context(funded()));
        assertThat(failure.code()).isEqualTo("layout-changed");
        assertThat(failure.retryable()).isFalse();
        assertThat(failure.message()).contains("selector 'login-field'", TerminalSelectors.VERSION);
        assertThat(failure.details()).containsEntry("selector", "login-field")
                .containsEntry("selectorsVersion", TerminalSelectors.VERSION)
                .containsEntry("pageUrl", terminal.terminalUrl().toString());
        assertThat((List<Object>) failure.details().get("selectorCandidates")).contains("input[name=\"login\"]");
        String screenshot = (String) failure.details().get("screenshot");
        assertThat(screenshot).startsWith("data:image/png;base64,").hasSizeLessThanOrEqualTo(300 * 1024);
        byte[] png = Base64.getDecoder().decode(screenshot.substring("data:image/png;base64,".length()));
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
    }

    @Test
    void aRenamedAccountPanelIsALayoutChangeOfTheSummary() {
        terminal.mode(FakeWebTerminal.Mode.CHANGED_PANEL);
        NodeResult.Failure failure = (NodeResult.Failure) read(context(funded()));
        assertThat(failure.code()).isEqualTo("layout-changed");
        assertThat(failure.details()).containsEntry("selector", "account-summary").containsKey("screenshot");
        assertThat(failure.message()).contains("no Balance and Equity");
    }

    @Test
    void aTerminalThatNeverAnswersIsRetryableUnavailableWithinTheNavigationTimeout() throws Exception {
        try (SilentServer silent = new SilentServer()) {
            Map<String, Object> fields = new java.util.HashMap<>(funded());
            fields.put("terminalUrl", silent.terminalUrl().toString());
            long started = System.nanoTime();
            NodeResult.Failure failure = (NodeResult.Failure) read(context(fields));
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertThat(failure.code()).isEqualTo("terminal-unavailable");
            assertThat(failure.retryable()).isTrue();
            assertThat(failure.message()).contains("did not answer");
            assertThat(millis).isBetween(2_900L, 6_000L);
            assertThat(silent.accepted()).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void aTerminalAnswering503IsRetryableUnavailable() {
        terminal.mode(FakeWebTerminal.Mode.DOWN);
        NodeResult.Failure failure = (NodeResult.Failure) read(context(funded()));
        assertThat(failure.code()).isEqualTo("terminal-unavailable");
        assertThat(failure.retryable()).isTrue();
        assertThat(failure.message()).contains("HTTP 503");
        assertThat(terminal.pageLoads()).as("the browser is not opened for a terminal that is down").isZero();
    }

    @Test
    void anIncompleteAccountIsRefusedBeforeAnyBrowserWork() {
        NodeResult.Failure failure = (NodeResult.Failure) read(context(Map.of(
                "terminalUrl", terminal.terminalUrl().toString(), "server", "FakeBroker-Demo", "login", "12ab",
                "investorPassword", "x")));
        assertThat(failure.code()).isEqualTo("invalid-account");
        assertThat(failure.retryable()).isFalse();
        assertThat(terminal.pageLoads()).isZero();
    }
}
