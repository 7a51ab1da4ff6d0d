package io.leadflow.api.channel;

import io.leadflow.api.credential.Credential;
import io.leadflow.api.http.HttpClient;
import io.leadflow.api.node.NodeLogger;

/** What a channel is given for one send or one inbound request. */
public interface ChannelContext {

    /** @return the decrypted credential this channel instance is configured with */
    Credential credential();

    /** @return the kernel's guarded HTTP client */
    HttpClient http();

    /** @return a logger tagged with the channel */
    NodeLogger logger();
}
