package io.leadflow.kernel.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadflow.api.node.Item;
import io.leadflow.kernel.audit.AuditEntry;
import io.leadflow.kernel.audit.AuditLog;
import io.leadflow.kernel.auth.CallerSecurityContext;
import io.leadflow.kernel.auth.Ids;
import io.leadflow.kernel.auth.Role;
import io.leadflow.kernel.engine.Engine;
import io.leadflow.kernel.http.ProblemException;
import io.leadflow.kernel.workflow.WorkflowService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Runs a workflow now with a payload ("manual" mode). */
@Path("/api/v1/workflows/{id}/executions")
@Tag(name = "executions")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.EDITOR_NAME)
public final class WorkflowRunResource {
    private final Engine engine;
    private final WorkflowService workflows;
    private final AuditLog audit;
    private final ObjectMapper json;

    public WorkflowRunResource(Engine engine, WorkflowService workflows, AuditLog audit, ObjectMapper json) {
        this.engine = engine;
        this.workflows = workflows;
        this.audit = audit;
        this.json = json;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Run a workflow now with a payload (202 once the execution is stored)")
    public Response run(@PathParam("id") String id, RunRequest request, @Context SecurityContext context) {
        UUID workflowId = Ids.parse("workflow", id);
        RunRequest body = request == null ? new RunRequest(null, null, null) : request;
        JsonNode document = workflows.get(workflowId, body.version()).document();
        String node = body.node() != null ? body.node() : firstTrigger(document);
        List<Item> items = new ArrayList<>();
        JsonNode payload = body.payload();
        if (payload == null || payload.isNull()) {
            items.add(Item.of(Map.of()));
        } else if (payload.isArray()) {
            for (JsonNode element : payload) {
                if (!element.isObject()) {
                    throw ProblemException.invalidField("/payload", "a payload array must hold JSON objects");
                }
                items.add(Item.of(toMap(element)));
            }
        } else if (payload.isObject()) {
            items.add(Item.of(toMap(payload)));
        } else {
            throw ProblemException.invalidField("/payload", "the payload must be a JSON object or an array of objects");
        }
        UUID executionId = engine.start(workflowId, body.version(), node, items, "manual");
        audit.record(AuditEntry.of(CallerSecurityContext.caller(context).actor(), "workflow.run", AuditEntry.SUCCESS,
                "workflow", workflowId.toString(), Map.of("executionId", executionId.toString())));
        return Response.accepted(Map.of("executionId", executionId.toString()))
                .header("Location", "/api/v1/executions/" + executionId).build();
    }

    /** The node no edge leads into. */
    private static String firstTrigger(JsonNode document) {
        Set<String> targets = new HashSet<>();
        document.get("edges").forEach(edge -> targets.add(edge.get("to").get("node").asText()));
        for (JsonNode node : document.get("nodes")) {
            if (!targets.contains(node.get("id").asText())) {
                return node.get("id").asText();
            }
        }
        throw ProblemException.invalidField("/node", "the workflow has no node to start from; name one in 'node'");
    }

    private Map<String, Object> toMap(JsonNode node) {
        return json.convertValue(node, new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { });
    }

    /** What to run: the start node (default: the node nothing leads into), the payload, the version. */
    public record RunRequest(String node, JsonNode payload, Integer version) {
    }
}
