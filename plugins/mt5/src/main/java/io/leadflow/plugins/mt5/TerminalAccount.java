package io.leadflow.plugins.mt5;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The MT5 account one read logs in to: the web terminal's address, the trade server, the account
 * number and its investor (read-only) password. {@link #toString()} never shows the password.
 *
 * @param terminalUrl the web terminal page (the broker's, or MetaQuotes' {@value #METAQUOTES_TERMINAL})
 * @param server the trade server as the terminal lists it, e.g. {@code MetaQuotes-Demo}
 * @param login the account number
 * @param investorPassword the investor password
 */
record TerminalAccount(URI terminalUrl, String server, String login, String investorPassword) {

    /** MetaQuotes' own web terminal, used when neither the node nor the credential names one. */
    static final String METAQUOTES_TERMINAL = "https://web.metatrader.app/terminal";

    /**
     * Checks and builds an account from text values, as read from a credential or a node's config.
     *
     * @throws TerminalException {@code invalid-account} when a value is missing or malformed
     */
    static TerminalAccount of(String terminalUrl, String server, String login, String investorPassword) {
        String url = blankToNull(terminalUrl) == null ? METAQUOTES_TERMINAL : terminalUrl.trim();
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw TerminalException.invalidAccount("the terminal URL is not a URL: " + e.getReason());
        }
        if (uri.getHost() == null || !("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))) {
            throw TerminalException.invalidAccount("the terminal URL must be an http(s) address, e.g. "
                    + METAQUOTES_TERMINAL);
        }
        String account = blankToNull(login);
        if (account == null || !account.trim().matches("[0-9]{1,20}")) {
            throw TerminalException.invalidAccount("the MT5 login must be the account number (digits only)");
        }
        if (blankToNull(server) == null) {
            throw TerminalException.invalidAccount("the MT5 trade server is missing, e.g. MetaQuotes-Demo");
        }
        if (investorPassword == null || investorPassword.isEmpty()) {
            throw TerminalException.invalidAccount("the MT5 investor password is missing");
        }
        return new TerminalAccount(uri, server.trim(), account.trim(), investorPassword);
    }

    /**
     * The key of this account's stored session: a digest of all four values, so a changed
     * password or server never reuses an old session, and the password itself is not kept.
     */
    String sessionKey() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {terminalUrl.toString(), server, login, investorPassword}) {
                digest.update(part.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** @return the terminal's address without query or fragment, safe to record */
    String terminalAddress() {
        return terminalUrl.getScheme() + "://" + terminalUrl.getRawAuthority()
                + (terminalUrl.getRawPath() == null ? "" : terminalUrl.getRawPath());
    }

    /** @return the login and server, never the password */
    @Override
    public String toString() {
        return "TerminalAccount[" + login + " on " + server + " at " + terminalAddress() + "]";
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
