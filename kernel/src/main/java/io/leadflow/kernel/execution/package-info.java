/** Execution history and control over the REST API: run now, list, inspect node runs, cancel. */
package io.leadflow.kernel.execution;
