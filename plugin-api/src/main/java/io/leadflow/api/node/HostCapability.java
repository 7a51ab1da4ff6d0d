package io.leadflow.api.node;

/**
 * A service of the host that not every kernel can offer, which a node declares it needs with
 * {@link NodeDescriptor.Builder#requires(HostCapability)}. New constants may be added in minor
 * versions.
 *
 * @since node 1.4.0
 */
public enum HostCapability {
    /** {@link NodeContext#code()}: running user code in a confined process. */
    CODE_SANDBOX
}
