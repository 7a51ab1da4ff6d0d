/**
 * Circuit breakers around plugins' external calls, one per endpoint (host) and credential, shared
 * by all executions, so a failing provider is failed fast instead of hammered; their states are
 * visible over the API and live on the {@code circuits} topic.
 */
package io.leadflow.kernel.circuit;
