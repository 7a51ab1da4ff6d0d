package io.leadflow.kernel.plugin;

import io.leadflow.api.node.HostCapability;
import io.leadflow.api.node.NodeDescriptor;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * What this kernel can offer nodes beyond the basic services, and why not where it cannot: a node
 * that {@link NodeDescriptor#requirements() requires} a missing capability is shown unavailable in
 * the palette and fails its runs without its code being called.
 */
public final class HostCapabilities {
    private final Map<HostCapability, String> missing;

    private HostCapabilities(Map<HostCapability, String> missing) {
        this.missing = missing;
    }

    /** Every capability offered. */
    public static HostCapabilities all() {
        return new HostCapabilities(new EnumMap<>(HostCapability.class));
    }

    /** A copy in which {@code capability} is missing, for {@code reason}. */
    public HostCapabilities without(HostCapability capability, String reason) {
        Map<HostCapability, String> copy = new EnumMap<>(HostCapability.class);
        copy.putAll(missing);
        copy.put(capability, reason);
        return new HostCapabilities(copy);
    }

    /** Why a node of this descriptor cannot run here, or empty if it can. */
    public Optional<String> unavailable(NodeDescriptor descriptor) {
        for (HostCapability needed : descriptor.requirements()) {
            String reason = missing.get(needed);
            if (reason != null) {
                return Optional.of(describe(needed) + " " + reason);
            }
        }
        return Optional.empty();
    }

    private static String describe(HostCapability capability) {
        return switch (capability) {
            case CODE_SANDBOX -> "This node runs code in the kernel's sandbox, which is not available:";
        };
    }
}
