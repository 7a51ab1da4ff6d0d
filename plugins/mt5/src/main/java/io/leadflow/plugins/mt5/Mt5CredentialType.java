package io.leadflow.plugins.mt5;

import io.leadflow.api.credential.ConnectionTest;
import io.leadflow.api.credential.Credential;
import io.leadflow.api.credential.CredentialDescriptor;
import io.leadflow.api.credential.CredentialType;
import io.leadflow.api.http.HttpClient;
import io.leadflow.api.node.Property;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.pf4j.Extension;

/**
 * The {@code mt5.investor-account} credential: one MT5 account with its investor (read-only)
 * password, and the web terminal to read it from. The password is a secret field: the kernel
 * encrypts it at rest and never returns it. The connection test logs in.
 */
@Extension
public final class Mt5CredentialType implements CredentialType {

    /** The credential type id. */
    public static final String TYPE_ID = "mt5.investor-account";

    /** The web terminal's address; empty for MetaQuotes' web terminal. */
    public static final Property<String> TERMINAL_URL = Property.string("terminalUrl")
            .label("Web terminal URL")
            .description("The broker's MT5 web terminal, or empty for " + TerminalAccount.METAQUOTES_TERMINAL + ".")
            .placeholder(TerminalAccount.METAQUOTES_TERMINAL)
            .build();

    /** The trade server, as the terminal lists it. */
    public static final Property<String> SERVER = Property.string("server")
            .label("Server")
            .description("The trade server, e.g. MetaQuotes-Demo.")
            .placeholder("MetaQuotes-Demo")
            .required()
            .build();

    /** The account number. */
    public static final Property<String> LOGIN = Property.string("login")
            .label("Login")
            .description("The MT5 account number.")
            .placeholder("51234567")
            .required()
            .build();

    /** The investor (read-only) password: it can see the account, never trade. */
    public static final Property<String> INVESTOR_PASSWORD = Property.string("investorPassword")
            .label("Investor password")
            .description("The account's read-only investor password (never the master password).")
            .required()
            .secret()
            .build();

    private static final CredentialDescriptor DESCRIPTOR = new CredentialDescriptor(TYPE_ID, "MT5 investor account",
            "An MT5 account read through the MT5 web terminal with its investor (read-only) password.",
            List.of(TERMINAL_URL, SERVER, LOGIN, INVESTOR_PASSWORD));

    private final Supplier<Mt5Services> services;

    /** Creates the credential type; PF4J calls this. */
    public Mt5CredentialType() {
        this(Mt5Services::shared);
    }

    /** A credential type reading through {@code services} (tests). */
    Mt5CredentialType(Supplier<Mt5Services> services) {
        this.services = services;
    }

    /** @return the type id, label and fields of {@code mt5.investor-account} */
    @Override
    public CredentialDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /** Logs in to the terminal with the credential and reads the account summary. */
    @Override
    public CompletionStage<ConnectionTest> test(Credential credential, HttpClient http) {
        TerminalAccount account;
        try {
            account = account(credential);
        } catch (TerminalException e) {
            return CompletableFuture.completedFuture(ConnectionTest.failed(e.getMessage()));
        }
        return services.get().read(account, false, http)
                .thenApply(snapshot -> ConnectionTest.ok(String.format(Locale.ROOT,
                        "logged in to account %s on %s: balance %.2f%s, equity %.2f", snapshot.login(),
                        snapshot.server(), snapshot.summary().balance(),
                        snapshot.summary().currency() == null ? "" : " " + snapshot.summary().currency(),
                        snapshot.summary().equity())))
                .exceptionally(error -> {
                    Throwable cause = TerminalProbe.cause(error);
                    return ConnectionTest.failed(cause instanceof TerminalException terminal
                            ? terminal.code() + ": " + terminal.getMessage()
                            : "the test failed: " + TerminalProbe.describe(cause));
                });
    }

    /** The account a credential of this type names. */
    static TerminalAccount account(Credential credential) {
        return TerminalAccount.of(credential.get(TERMINAL_URL), credential.get(SERVER), credential.get(LOGIN),
                credential.get(INVESTOR_PASSWORD));
    }
}
