package io.leadflow.kernel.execution;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadflow.kernel.auth.Ids;
import io.leadflow.kernel.auth.Role;
import io.leadflow.kernel.engine.Engine;
import io.leadflow.kernel.engine.EngineMapper;
import io.leadflow.kernel.engine.ExecutionRow;
import io.leadflow.kernel.engine.NodeRunRow;
import io.leadflow.kernel.http.InstantParameter;
import io.leadflow.kernel.http.KeysetCursor;
import io.leadflow.kernel.http.ProblemException;
import io.leadflow.kernel.store.Store;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Execution history: list with filters and keyset pagination, and one execution with its node runs. */
@Path("/api/v1/executions")
@Tag(name = "executions")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.VIEWER_NAME)
public final class ExecutionResource {
    private static final int MAX_LIMIT = 200;

    private final Store store;
    private final Engine engine;
    private final ObjectMapper json;

    public ExecutionResource(Store store, Engine engine, ObjectMapper json) {
        this.store = store.register(EngineMapper.class);
        this.engine = engine;
        this.json = json;
    }

    @POST
    @Path("/{id}/cancel")
    @RolesAllowed(Role.EDITOR_NAME)
    @Operation(summary = "Cancel a running or waiting execution")
    public Map<String, Object> cancel(@PathParam("id") String id) {
        UUID executionId = Ids.parse("execution", id);
        engine.cancel(executionId);
        return get(id);
    }

    @POST
    @Path("/{id}/retry")
    @RolesAllowed(Role.EDITOR_NAME)
    @Operation(summary = "Retry a failed execution from the node that failed it")
    public Map<String, Object> retry(@PathParam("id") String id) {
        UUID executionId = Ids.parse("execution", id);
        engine.retry(executionId);
        return get(id);
    }

    @GET
    @Operation(summary = "Executions, newest first (filter by workflow, status, time; keyset pagination)")
    public Map<String, Object> list(@QueryParam("workflowId") String workflowId, @QueryParam("status") String status,
                                    @QueryParam("since") String since, @QueryParam("before") String before,
                                    @QueryParam("limit") @DefaultValue("50") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ProblemException.invalidParameter("limit", "limit must be between 1 and " + MAX_LIMIT);
        }
        UUID workflow = workflowId == null ? null : Ids.parse("workflow", workflowId);
        Instant from = InstantParameter.parse("since", since);
        KeysetCursor cursor = KeysetCursor.decode("before", before);
        Instant startedBefore = cursor == null ? null : cursor.at();
        UUID idBefore = cursor == null ? null : cursor.id();
        List<ExecutionRow> rows = store.inTransaction(EngineMapper.class,
                mapper -> mapper.listExecutions(workflow, status, from, startedBefore, idBefore, limit));
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("items", rows.stream().map(ExecutionResource::summary).toList());
        if (rows.size() == limit) {
            ExecutionRow last = rows.get(rows.size() - 1);
            page.put("next", new KeysetCursor(last.startedAt, last.id).encode());
        }
        return page;
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One execution with every node run (input, output, status, attempt, error, timings)")
    public Map<String, Object> get(@PathParam("id") String id) {
        UUID executionId = Ids.parse("execution", id);
        ExecutionRow row = store.inTransaction(EngineMapper.class, mapper -> mapper.findExecution(executionId));
        if (row == null) {
            throw ProblemException.notFound("execution", id);
        }
        Map<String, Object> body = summary(row);
        List<Map<String, Object>> runs = new ArrayList<>();
        for (NodeRunRow run : store.inTransaction(EngineMapper.class, mapper -> mapper.nodeRuns(executionId))) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("nodeId", run.nodeId);
            entry.put("status", run.status);
            entry.put("attempt", run.attempt);
            entry.put("idempotencyKey", run.idempotencyKey);
            entry.put("startedAt", run.startedAt);
            entry.put("finishedAt", run.finishedAt);
            entry.put("input", parse(run.inputJson));
            entry.put("output", parse(run.outputJson));
            if (run.error != null) {
                entry.put("error", run.error);
            }
            if (run.errorCode != null) {
                entry.put("errorCode", run.errorCode);
            }
            if (run.errorDetailsJson != null) {
                entry.put("errorDetails", parse(run.errorDetailsJson));
            }
            entry.put("logs", run.logsJson == null ? List.of() : parse(run.logsJson));
            if (run.pinned) {
                entry.put("pinned", true);
            }
            runs.add(entry);
        }
        body.put("nodeRuns", runs);
        return body;
    }

    private static Map<String, Object> summary(ExecutionRow row) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", row.id);
        body.put("workflowId", row.workflowId);
        body.put("workflowVersion", row.workflowVersion);
        body.put("status", row.status);
        body.put("mode", row.mode);
        body.put("triggerNode", row.triggerNode);
        if (row.runUntil != null) {
            body.put("runUntil", row.runUntil);
        }
        body.put("startedAt", row.startedAt);
        body.put("finishedAt", row.finishedAt);
        if (row.error != null) {
            body.put("error", row.error);
        }
        return body;
    }

    private Object parse(String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

}
