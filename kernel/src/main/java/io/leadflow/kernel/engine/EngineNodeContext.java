package io.leadflow.kernel.engine;

import io.leadflow.api.code.CodeSandbox;
import io.leadflow.api.credential.Credential;
import io.leadflow.api.http.HttpClient;
import io.leadflow.api.node.KeyValueStore;
import io.leadflow.api.node.LeadAccess;
import io.leadflow.api.node.Messages;
import io.leadflow.api.node.NodeConfig;
import io.leadflow.api.node.NodeContext;
import io.leadflow.api.node.NodeLogger;
import io.leadflow.api.node.WorkflowRunner;
import io.leadflow.kernel.message.RunServices;
import java.util.Optional;

/** What one node run is given: its ids, evaluated configuration, its own credential and services. */
record EngineNodeContext(String workflowId, String executionId, String nodeId, String idempotencyKey, int attempt,
                         NodeConfig config, Optional<Credential> credential, NodeLogger logger, HttpClient http,
                         KeyValueStore state, LeadAccess leads, WorkflowRunner workflows, CodeSandbox code)
        implements NodeContext {

    /** Consent-checked messaging, which the kernel's lead access of the run carries (see {@link RunServices}). */
    @Override
    public Messages messages() {
        return leads instanceof RunServices run ? run.messages(credential) : NodeContext.super.messages();
    }
}
