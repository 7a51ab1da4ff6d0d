/**
 * The HTTP client the kernel gives plugins: requests and responses as plain data; the kernel adds
 * timeouts, circuit breakers and an SSRF guard (retries are the node's: see
 * {@code NodeContext.http()}).
 *
 * <p>Stability: public API, strictly semantically versioned; the package version is in the
 * {@code packageinfo} resource and baselined by the build.
 */
package io.leadflow.api.http;
