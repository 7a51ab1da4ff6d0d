/**
 * Facebook Messenger through a Facebook Page and Meta's Send API: the {@code messenger.page}
 * credential and the {@code messenger.message} channel.
 */
package io.leadflow.plugins.messenger;
