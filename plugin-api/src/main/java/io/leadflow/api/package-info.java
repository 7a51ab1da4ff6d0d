/**
 * The LeadFlow plugin contract: the types a trigger, action or channel plugin compiles against.
 *
 * <p>Stability: public API, strictly semantically versioned. The node contract itself is added by
 * the plugin-platform work; until then this package only reserves the namespace that the kernel
 * loads parent-first.
 */
package io.leadflow.api;
