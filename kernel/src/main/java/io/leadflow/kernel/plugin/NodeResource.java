package io.leadflow.kernel.plugin;

import io.leadflow.kernel.auth.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/** The live palette: node types of the started plugins, with their ports and config schemas. */
@Path("/api/v1")
@Tag(name = "nodes")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.VIEWER_NAME)
public final class NodeResource {
    private final NodeRegistry registry;
    private final HostCapabilities host;

    public NodeResource(NodeRegistry registry, HostCapabilities host) {
        this.registry = registry;
        this.host = host;
    }

    @GET
    @Path("/nodes")
    @Operation(summary = "Node types of the started plugins (the editor's palette)")
    public Map<String, List<Map<String, Object>>> nodes() {
        return Map.of("items", registry.nodes().stream()
                .map(node -> NodeDescriptorJson.node(node.descriptor(), node.pluginId(), node.pluginVersion(),
                        host.unavailable(node.descriptor())))
                .toList());
    }

    @GET
    @Path("/credential-types")
    @Operation(summary = "Credential types of the started plugins, with their field schemas")
    public Map<String, List<Map<String, Object>>> credentialTypes() {
        return Map.of("items", registry.credentialTypes().stream()
                .map(type -> NodeDescriptorJson.credentialType(type.descriptor(), type.pluginId()))
                .toList());
    }
}
