/**
 * Triggers: nodes that start runs. A webhook trigger owns a route under {@code /hooks/}, checks its
 * provider's signature and maps the request to items; a schedule trigger names a cron and time
 * zone; a polling trigger fetches new items after a stored cursor; an event trigger reacts to
 * kernel events such as {@code lead.created}.
 *
 * <p>Stability: public API, strictly semantically versioned; the package version is in the
 * {@code packageinfo} resource and baselined by the build.
 */
package io.leadflow.api.trigger;
