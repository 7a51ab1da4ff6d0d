/**
 * {@code leadflow-index}, the publisher's command-line tool: create keys, add plugin jars (refusing
 * those the kernel would refuse), yank releases, sign the key list and the index, verify an index
 * as the kernel will. Exit codes: 0 done, 1 refused or failed, 2 wrong usage.
 */
package io.leadflow.marketplace.cli;
