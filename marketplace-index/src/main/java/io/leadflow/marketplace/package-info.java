/**
 * The marketplace index: the format of the signed list of published plugins ({@code index.json},
 * {@code keys.json} and their detached Ed25519 signatures), the {@link io.leadflow.marketplace.IndexVerifier}
 * the kernel trusts it through, and the {@link io.leadflow.marketplace.IndexSource} it is read from.
 * The format is documented for outsiders in the module's README; it changes only with
 * {@code schemaVersion}.
 */
package io.leadflow.marketplace;
