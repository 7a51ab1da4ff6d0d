/**
 * The marketplace: lists the plugins of the configured signed index ({@code LEADFLOW_MARKETPLACE_URL})
 * with what is installed and what would run here, and installs or upgrades one from it after the
 * signature chain, expiry, replay, yank, compatibility, size and SHA-256 checks — then the plugin
 * runtime's own install checks. Refusals are 422 problems naming the check.
 */
package io.leadflow.kernel.marketplace;
