/**
 * What the WhatsApp, Messenger and Instagram plugins share: the Graph API's errors, its webhook
 * signature and subscription check, and the messaging webhook shape. Inlined into each plugin.
 */
package io.leadflow.plugins.meta;
