/**
 * WhatsApp through Meta's WhatsApp Cloud API: the {@code whatsapp.cloud} credential, the
 * {@code whatsapp.message} channel and the {@code whatsapp.send-template} node.
 */
package io.leadflow.plugins.whatsapp;
