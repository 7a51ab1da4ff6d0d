/** Credentials of plugin credential types: stored encrypted, never returned, testable. */
package io.leadflow.kernel.credential;
