package io.leadflow.kernel.expression;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadflow.kernel.auth.Role;
import io.leadflow.kernel.engine.ExpressionPreview;
import io.leadflow.kernel.http.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/v1/expressions/preview}: what a configuration value with {@code {{ }}}
 * evaluates to for given test data. An expression that fails is a preview too: it answers 200 with
 * the error, which the editor shows beside the field; only a malformed request is a problem.
 */
@Path("/api/v1/expressions/preview")
@Tag(name = "expressions")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.EDITOR_NAME)
public final class ExpressionResource {
    /** Longer than any field the editor holds; a preview is for one field. */
    static final int MAX_TEXT = 20_000;
    private final ObjectMapper json;

    public ExpressionResource(ObjectMapper json) {
        this.json = json;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Evaluate a value's {{ }} expressions against test data",
            description = "Bindings as in a node run: `json` (the first input item; default the first of `items`),"
                    + " `items`, `node` (earlier nodes' output by node name: {name: {json, items}}). Answers"
                    + " {value} or {error}.")
    public Map<String, Object> preview(PreviewRequest request) {
        if (request == null || request.text() == null) {
            throw ProblemException.invalidField("/text", "give the field's text to evaluate");
        }
        if (request.text().length() > MAX_TEXT) {
            throw ProblemException.invalidField("/text", "at most " + MAX_TEXT + " characters");
        }
        List<Object> items = request.items() == null || request.items().isNull() ? null : list(request.items(), "/items");
        Object first = request.json() == null || request.json().isNull()
                ? (items == null || items.isEmpty() ? Map.of() : items.get(0)) : object(request.json(), "/json");
        Map<String, Object> bindings = new LinkedHashMap<>();
        bindings.put("json", first);
        bindings.put("items", items == null ? List.of(first) : items);
        bindings.put("node", request.node() == null || request.node().isNull() ? Map.of() : object(request.node(), "/node"));
        bindings.put("execution", Map.of("id", "preview", "workflowId", "preview"));
        Map<String, Object> answer = new LinkedHashMap<>();
        Object value;
        try {
            value = ExpressionPreview.evaluate(request.text(), bindings);
        } catch (IllegalArgumentException e) {
            answer.put("error", e.getMessage());
            return answer;
        }
        try {
            answer.put("value", json.valueToTree(value));
        } catch (IllegalArgumentException e) {
            // JSONata may yield what JSON cannot hold (a function): say so rather than fail to write it
            answer.put("error", "the value is not JSON (" + value.getClass().getSimpleName() + ")");
        }
        return answer;
    }

    private Object object(JsonNode node, String pointer) {
        if (!node.isObject()) {
            throw ProblemException.invalidField(pointer, "must be a JSON object");
        }
        return json.convertValue(node, Map.class);
    }

    private List<Object> list(JsonNode node, String pointer) {
        if (!node.isArray()) {
            throw ProblemException.invalidField(pointer, "must be a JSON array of objects");
        }
        return json.convertValue(node, List.class);
    }

    /** The field's text and the test data to evaluate it with. */
    public record PreviewRequest(String text, JsonNode json, JsonNode items, JsonNode node) {
    }
}
