package io.leadflow.plugins.mt5;

import io.leadflow.api.credential.Credential;
import io.leadflow.api.node.Action;
import io.leadflow.api.node.Item;
import io.leadflow.api.node.NodeConfig;
import io.leadflow.api.node.NodeContext;
import io.leadflow.api.node.NodeDescriptor;
import io.leadflow.api.node.NodeInput;
import io.leadflow.api.node.NodeResult;
import io.leadflow.api.node.Port;
import io.leadflow.api.node.Property;
import io.leadflow.api.node.RetryPolicy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.pf4j.Extension;

/**
 * {@code mt5.read-account}: logs in to the MT5 web terminal with an investor password and emits
 * the account: {@code balance, equity, margin, freeMargin, marginLevel, currency, profit,
 * openPositions, positions[], history[]}, so a workflow can route a lead on them.
 *
 * <p>The account comes from the node's credential, or, for leads who submit their own account,
 * from the node's fields (expressions such as {@code {{ $node.Webhook.json.body.login }}}), each
 * field overriding the credential's. One read per run. The password never appears in the output
 * or the logs. Failures carry a stable code: {@code login-failed}, {@code layout-changed} (with
 * the selector and a screenshot), {@code invalid-account}, {@code browser-unavailable}
 * (permanent); {@code timeout}, {@code terminal-unavailable}, {@code busy} (retried).
 */
@Extension
public final class ReadAccount implements Action {

    /** The node type id. */
    public static final String TYPE_ID = "mt5.read-account";

    /** The web terminal's address; empty for the credential's, else MetaQuotes'. */
    public static final Property<String> TERMINAL_URL = Property.string("terminalUrl")
            .label("Web terminal URL")
            .description("Empty: the credential's, or " + TerminalAccount.METAQUOTES_TERMINAL + ".")
            .placeholder(TerminalAccount.METAQUOTES_TERMINAL)
            .expressions()
            .build();

    /** The trade server; empty for the credential's. */
    public static final Property<String> SERVER = Property.string("server")
            .label("Server")
            .description("Empty: the credential's server.")
            .placeholder("{{ $json.server }}")
            .expressions()
            .build();

    /** The account number; empty for the credential's. */
    public static final Property<String> LOGIN = Property.string("login")
            .label("Login")
            .description("Empty: the credential's account number.")
            .placeholder("{{ $json.login }}")
            .expressions()
            .build();

    /** The investor password; empty for the credential's. */
    public static final Property<String> INVESTOR_PASSWORD = Property.string("investorPassword")
            .label("Investor password")
            .description("Empty: the credential's. The read-only investor password, never the master password.")
            .placeholder("{{ $json.investorPassword }}")
            .expressions()
            .secret()
            .build();

    /** Whether to read the History tab as well. */
    public static final Property<Boolean> INCLUDE_HISTORY = Property.bool("includeHistory")
            .label("Include history")
            .description("Also read the recent history (up to " + AccountFigures.MAX_HISTORY_ROWS + " rows).")
            .defaultValue(true)
            .build();

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.action(TYPE_ID)
            .label("Read MT5 account")
            .description("Logs in to the MT5 web terminal with an investor password and reads balance, equity, "
                    + "margin, open positions and recent history.")
            .category("Trading")
            .icon("candlestick-chart")
            .input(Port.mainPort())
            .output(Port.mainPort())
            .output(Port.errorPort())
            .properties(TERMINAL_URL, SERVER, LOGIN, INVESTOR_PASSWORD, INCLUDE_HISTORY)
            .credential(Mt5CredentialType.TYPE_ID)
            .retryPolicy(RetryPolicy.DEFAULT)
            .idempotent()
            .build();

    private final Supplier<Mt5Services> services;

    /** Creates the node; PF4J calls this. */
    public ReadAccount() {
        this(Mt5Services::shared);
    }

    /** A node reading through {@code services} (tests). */
    ReadAccount(Supplier<Mt5Services> services) {
        this.services = services;
    }

    /** @return the descriptor of {@code mt5.read-account} */
    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /** Reads the account in the plugin's browser pool; never blocks the calling thread. */
    @Override
    public CompletionStage<NodeResult> execute(NodeInput input, NodeContext context) {
        TerminalAccount account;
        try {
            account = account(context.config(), context.credential());
        } catch (TerminalException e) {
            return CompletableFuture.completedFuture(e.toFailure());
        }
        boolean history = !Boolean.FALSE.equals(context.config().get(INCLUDE_HISTORY));
        Object leadId = leadId(input.items());
        return services.get().read(account, history, context.http())
                .handle((snapshot, error) -> {
                    if (error == null) {
                        context.logger().info("read MT5 account {} on {}: {} open positions in {} ms{}",
                                snapshot.login(), snapshot.server(), snapshot.positions().size(),
                                snapshot.took().toMillis(), snapshot.sessionReused() ? " (session reused)" : "");
                        Map<String, Object> json = new LinkedHashMap<>();
                        if (leadId != null) {
                            json.put("leadId", leadId);
                        }
                        json.putAll(snapshot.toJson());
                        return NodeResult.items(List.of(Item.of(json)));
                    }
                    Throwable cause = TerminalProbe.cause(error);
                    if (cause instanceof TerminalException terminal) {
                        context.logger().warn("reading MT5 account {} on {} failed: {}", account.login(),
                                account.server(), terminal.code());
                        return terminal.toFailure();
                    }
                    context.logger().warn("reading MT5 account {} failed: {}", account.login(),
                            TerminalProbe.describe(cause));
                    return new NodeResult.Failure("reading the MT5 account failed: " + TerminalProbe.describe(cause),
                            true, "internal-error", Map.of());
                });
    }

    /** The account from the node's fields, each falling back to the credential's. */
    static TerminalAccount account(NodeConfig config, Optional<Credential> credential) {
        if (credential.isPresent() && !Mt5CredentialType.TYPE_ID.equals(credential.get().typeId())) {
            throw TerminalException.invalidAccount("the node's credential is a " + credential.get().typeId()
                    + ", not an " + Mt5CredentialType.TYPE_ID);
        }
        return TerminalAccount.of(
                either(config, TERMINAL_URL, credential, Mt5CredentialType.TERMINAL_URL),
                either(config, SERVER, credential, Mt5CredentialType.SERVER),
                either(config, LOGIN, credential, Mt5CredentialType.LOGIN),
                either(config, INVESTOR_PASSWORD, credential, Mt5CredentialType.INVESTOR_PASSWORD));
    }

    private static String either(NodeConfig config, Property<String> property, Optional<Credential> credential,
                                 Property<String> field) {
        // read raw: a form posts the account number as a JSON number as often as as text
        Object configured = config.asMap().get(property.id());
        String value = configured instanceof Number number
                ? new java.math.BigDecimal(number.toString()).toPlainString()
                : configured == null ? null : String.valueOf(configured);
        if (TerminalAccount.blankToNull(value) != null) {
            return value;
        }
        return credential.map(stored -> stored.get(field)).orElse(null);
    }

    /** The lead the run is about, carried on so later nodes (tags, updates) find it. */
    private static Object leadId(List<Item> items) {
        if (items.isEmpty()) {
            return null;
        }
        Object leadId = items.get(0).get("leadId");
        return leadId != null ? leadId : items.get(0).get("id");
    }
}
