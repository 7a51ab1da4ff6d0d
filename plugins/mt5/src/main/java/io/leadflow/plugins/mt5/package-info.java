/**
 * The MT5 plugin: the {@code mt5.investor-account} credential type and the
 * {@code mt5.read-account} action, which log in to a MetaTrader 5 Web Terminal with an investor
 * (read-only) password in the machine's Chromium, driven by Playwright, and read the account's
 * balance, equity, margin, open positions and recent history.
 *
 * <p>Stability: the type ids, property ids, item fields and failure codes are the plugin's
 * contract with saved workflows; the Java classes are internal to the plugin.
 */
package io.leadflow.plugins.mt5;
