/**
 * The marketplace index: the signed list of published plugins and the tool that publishes and
 * verifies it. Filled by the marketplace work; the module builds empty until then.
 */
package io.leadflow.marketplace;
