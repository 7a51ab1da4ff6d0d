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

/** Runs a workflow now with a payload ("manual" mode), or tests it from the editor ("test" mode). */
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
    @Operation(summary = "Run a workflow now with a payload (202 once the execution is stored)",
            description = "With `test`, `until` or `only` it is a test run of the latest saved version (the draft):"
                    + " nodes with pinned data replay it instead of running. `until` runs only the nodes leading to"
                    + " that node and stops after it; `only` runs that node alone, with the payload as its input"
                    + " (default: the pinned data of the node before it).")
    public Response run(@PathParam("id") String id, RunRequest request, @Context SecurityContext context) {
        UUID workflowId = Ids.parse("workflow", id);
        RunRequest body = request == null ? new RunRequest(null, null, null, null, null, null) : request;
        JsonNode document = workflows.get(workflowId, body.version()).document();
        if (body.only() != null && body.until() != null && !body.only().equals(body.until())) {
            throw ProblemException.invalidField("/until", "a test of one node ('only') runs nothing after it; leave 'until' out");
        }
        UUID executionId;
        String mode;
        if (body.only() != null) {
            requireNode(document, body.only(), "/only");
            List<Item> input = body.payload() == null || body.payload().isNull()
                    ? pinnedInputOf(document, body.only()) : items(body.payload());
            executionId = engine.startTest(workflowId, body.version(), body.only(), input, body.only(), true);
            mode = Engine.TEST_MODE;
        } else {
            String node = body.node() != null ? body.node() : firstTrigger(document);
            boolean test = Boolean.TRUE.equals(body.test()) || body.until() != null;
            List<Item> items;
            if (body.payload() != null && !body.payload().isNull()) {
                items = items(body.payload());
            } else if (test && document.path("pinData").has(node)) {
                items = items(document.path("pinData").get(node));
            } else {
                items = List.of(Item.of(Map.of()));
            }
            if (body.until() != null) {
                requireNode(document, body.until(), "/until");
            }
            executionId = test ? engine.startTest(workflowId, body.version(), node, items, body.until(), false)
                    : engine.start(workflowId, body.version(), node, items, "manual");
            mode = test ? Engine.TEST_MODE : "manual";
        }
        audit.record(AuditEntry.of(CallerSecurityContext.caller(context).actor(), "workflow.run", AuditEntry.SUCCESS,
                "workflow", workflowId.toString(), Map.of("executionId", executionId.toString(), "mode", mode)));
        return Response.accepted(Map.of("executionId", executionId.toString()))
                .header("Location", "/api/v1/executions/" + executionId).build();
    }

    private List<Item> items(JsonNode payload) {
        List<Item> items = new ArrayList<>();
        if (payload.isArray()) {
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
        return items;
    }

    /** The pinned output of the node whose edge leads into {@code nodeId}: the input a test of that node runs with. */
    private List<Item> pinnedInputOf(JsonNode document, String nodeId) {
        for (JsonNode edge : document.get("edges")) {
            if (edge.get("to").get("node").asText().equals(nodeId)) {
                JsonNode pinned = document.path("pinData").get(edge.get("from").get("node").asText());
                if (pinned != null) {
                    return items(pinned);
                }
            }
        }
        throw ProblemException.invalidField("/payload", "node '" + nodeId + "' has no input to test with: give a"
                + " 'payload', or pin data on the node before it");
    }

    private static void requireNode(JsonNode document, String nodeId, String pointer) {
        for (JsonNode node : document.get("nodes")) {
            if (node.get("id").asText().equals(nodeId)) {
                return;
            }
        }
        throw ProblemException.invalidField(pointer, "the workflow has no node '" + nodeId + "'");
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

    /**
     * What to run: the start node (default: the node nothing leads into), the payload, the version
     * (default: the latest saved); for a test run {@code test}, or {@code until} a node, or
     * {@code only} one node.
     */
    public record RunRequest(String node, JsonNode payload, Integer version, Boolean test, String until, String only) {
    }
}
