/**
 * The Twilio plugin: the {@code twilio.account} credential type and the {@code twilio.sms} channel,
 * speaking Twilio's real Messages API and its signed form-post webhooks.
 *
 * <p>Stability: the type ids and property ids are the plugin's contract with saved credentials and
 * workflows; the Java classes are internal to the plugin.
 */
package io.leadflow.plugins.twilio;
