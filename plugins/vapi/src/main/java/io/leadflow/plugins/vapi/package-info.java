/**
 * Voice calls through VAPI: the {@code vapi.account} credential, the {@code vapi.call} channel and
 * the {@code vapi.call-and-wait} node.
 */
package io.leadflow.plugins.vapi;
