/**
 * A test kit for plugin authors: run a node, trigger or channel in a plain unit test with a
 * {@link io.leadflow.testkit.TestContext} (in-memory state, recorded logs, a real HTTP client for
 * local fakes), no kernel and no database.
 *
 * <p>Stability: public, follows the plugin API's major version.
 */
package io.leadflow.testkit;
