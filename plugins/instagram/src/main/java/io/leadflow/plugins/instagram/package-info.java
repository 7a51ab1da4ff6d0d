/**
 * Instagram direct messages through Meta's Instagram messaging API: the {@code instagram.account}
 * credential and the {@code instagram.message} channel.
 */
package io.leadflow.plugins.instagram;
