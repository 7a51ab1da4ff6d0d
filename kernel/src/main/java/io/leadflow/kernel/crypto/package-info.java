/**
 * Encryption at rest: the master key, authenticated encryption of secrets, the keyring of data
 * keys (wrapped by the master key) that lead PII is encrypted with, and blind-index tokens.
 */
package io.leadflow.kernel.crypto;
