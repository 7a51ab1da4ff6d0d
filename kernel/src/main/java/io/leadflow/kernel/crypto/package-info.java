/** Encryption at rest: the master key and authenticated encryption of secrets. */
package io.leadflow.kernel.crypto;
