package io.leadflow.api.trigger;

import io.leadflow.api.credential.Credential;
import io.leadflow.api.http.HttpClient;
import io.leadflow.api.node.KeyValueStore;
import io.leadflow.api.node.NodeConfig;
import io.leadflow.api.node.NodeLogger;
import java.util.Optional;

/** What a trigger is given when it handles a request, fires or polls. */
public interface TriggerContext {

    /** @return the workflow's id */
    String workflowId();

    /** @return the trigger node's id */
    String nodeId();

    /** @return the trigger's configuration */
    NodeConfig config();

    /** @return the decrypted credential the trigger is configured with, if any */
    Optional<Credential> credential();

    /** @return a logger tagged with the workflow and node */
    NodeLogger logger();

    /** @return the kernel's guarded HTTP client */
    HttpClient http();

    /** @return this plugin's durable key-value state */
    KeyValueStore state();
}
