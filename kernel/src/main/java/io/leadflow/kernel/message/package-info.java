/**
 * Messages between leads and channels: inbound webhooks of channel plugins matched to leads,
 * STOP/START keywords applied to consent, outbound sends with consent enforced, every message
 * stored encrypted and audited.
 */
package io.leadflow.kernel.message;
