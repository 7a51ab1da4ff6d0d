/**
 * The Mailgun plugin: the {@code mailgun.api-key} credential type, the {@code mailgun.email}
 * channel, the {@code mailgun.send-email} action and the {@code mailgun.events} webhook trigger,
 * all speaking Mailgun's real HTTP API and webhook formats.
 *
 * <p>Stability: the type ids, property ids and item fields are the plugin's contract with saved
 * workflows; the Java classes are internal to the plugin.
 */
package io.leadflow.plugins.mailgun;
