package io.leadflow.kernel.workflow;

import io.leadflow.kernel.auth.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The JSON Schema of the workflow document: the very file {@link WorkflowValidator} checks every
 * save against, so tools and plugin authors validate with what the kernel enforces. It needs a
 * token like the OpenAPI document: every endpoint but health, login and the hooks does.
 */
@Path("/api/v1/schemas")
@Tag(name = "workflows")
@RolesAllowed(Role.VIEWER_NAME)
public final class WorkflowSchemaResource {
    static final String SCHEMA_MEDIA_TYPE = "application/schema+json";

    private final String schema;

    public WorkflowSchemaResource() {
        try (InputStream in = WorkflowValidator.class.getResourceAsStream(WorkflowValidator.SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the workflow schema is missing from the kernel");
            }
            this.schema = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("the workflow schema could not be read", e);
        }
    }

    @GET
    @Path("/workflow.json")
    @Produces({SCHEMA_MEDIA_TYPE, MediaType.APPLICATION_JSON})
    @Operation(summary = "The JSON Schema (draft 2020-12) every saved workflow document is validated against; "
            + "node configurations are checked against each node type's schema in GET /api/v1/nodes")
    public String workflowSchema() {
        return schema;
    }
}
