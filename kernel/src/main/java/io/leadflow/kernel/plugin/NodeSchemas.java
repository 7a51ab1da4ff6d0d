package io.leadflow.kernel.plugin;

import io.leadflow.api.node.NodeDescriptor;
import java.util.Map;

/** The JSON Schema of a node's configuration, as the palette serves it and the validator checks it. */
public final class NodeSchemas {
    private NodeSchemas() {
    }

    public static Map<String, Object> configSchema(NodeDescriptor descriptor) {
        return NodeDescriptorJson.schema(descriptor.label(), descriptor.properties());
    }
}
