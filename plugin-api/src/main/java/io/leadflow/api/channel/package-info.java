/**
 * Channels: integrations that send messages to a lead (email, SMS, WhatsApp, Messenger, Instagram,
 * voice) and turn their provider's inbound webhooks into one normalised
 * {@link io.leadflow.api.channel.InboundMessage}, so one "send message" action and one
 * "customer replied" trigger work across every channel.
 *
 * <p>Stability: public API, strictly semantically versioned; the package version is in the
 * {@code packageinfo} resource and baselined by the build.
 */
package io.leadflow.api.channel;
