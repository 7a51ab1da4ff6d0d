package io.leadflow.api.channel;

import java.util.Objects;

/**
 * A channel as plain data.
 *
 * @param channelId the plugin-scoped id, e.g. {@code mailgun.email}
 * @param medium what it carries
 * @param label what the editor shows
 * @param credentialType the credential type id it sends with
 */
public record ChannelDescriptor(String channelId, Medium medium, String label, String credentialType) {

    /**
     * Validates.
     *
     * @param channelId the id
     * @param medium the medium
     * @param label the label
     * @param credentialType the credential type id
     */
    public ChannelDescriptor {
        Objects.requireNonNull(channelId, "channelId");
        Objects.requireNonNull(medium, "medium");
        Objects.requireNonNull(credentialType, "credentialType");
        label = label == null ? channelId : label;
    }
}
