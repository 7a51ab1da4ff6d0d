/**
 * Credentials: the types a plugin defines (their fields, secret ones encrypted at rest by the
 * kernel) and the connection test the editor offers.
 *
 * <p>Stability: public API, strictly semantically versioned; the package version is in the
 * {@code packageinfo} resource and baselined by the build.
 */
package io.leadflow.api.credential;
