package io.leadflow.kernel.plugin;

import java.time.Instant;
import java.util.List;

/**
 * An installed plugin as the API lists it.
 *
 * @param id the plugin id
 * @param version its version
 * @param state PF4J's state ({@code started}, {@code stopped}, {@code failed}, ...)
 * @param enabled whether the kernel starts it
 * @param description the plugin's description
 * @param provider who made it
 * @param previousVersion the version a rollback returns to, or null if there is none
 * @param nodeTypes the node type ids it contributes
 * @param credentialTypes the credential type ids it contributes
 * @param channels the channel ids it contributes
 * @param sha256 the jar's hash
 * @param installedAt when it was first installed
 * @param updatedAt when it was last installed or upgraded
 */
public record InstalledPlugin(String id, String version, String state, boolean enabled, String description,
                              String provider, String previousVersion, List<String> nodeTypes, List<String> credentialTypes,
                              List<String> channels, String sha256, Instant installedAt, Instant updatedAt) {
}
