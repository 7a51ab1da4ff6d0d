package io.leadflow.kernel.workflow;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.leadflow.api.node.NodeDescriptor;
import io.leadflow.api.node.Port;
import io.leadflow.api.node.Property;
import io.leadflow.api.node.PropertyType;
import io.leadflow.kernel.plugin.NodeRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a workflow document: its shape against the workflow JSON Schema, then against the live
 * palette — known node types in a version that exists, configuration valid for the node's
 * schema, edges between existing ports, no cycle without a node that loops back, and every
 * {@code {{ ... }}} and expression property parseable as JSONata. Each finding carries a JSON
 * Pointer to the offending node and field.
 */
public final class WorkflowValidator {
    private static final Pattern TEMPLATE = Pattern.compile("\\{\\{(.*?)\\}\\}", Pattern.DOTALL);
    private static final int MAX_VIOLATIONS = 100;

    /** The workflow document's JSON Schema, beside this class; also served by {@link WorkflowSchemaResource}. */
    static final String SCHEMA_RESOURCE = "workflow.schema.json";

    private final NodeRegistry registry;
    private final ObjectMapper json;
    private final JsonSchemaFactory schemas = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private final SchemaValidatorsConfig schemaConfig = SchemaValidatorsConfig.builder()
            .pathType(PathType.JSON_POINTER).formatAssertionsEnabled(true).build();
    private final JsonSchema documentSchema;
    // keyed by the descriptor itself: a plugin re-uploaded under the same version may describe its nodes anew;
    // weak, so the descriptors of unloaded plugins go
    private final Map<NodeDescriptor, JsonSchema> configSchemas = java.util.Collections.synchronizedMap(
            new java.util.WeakHashMap<>());

    public WorkflowValidator(NodeRegistry registry, ObjectMapper json) {
        this.registry = registry;
        this.json = json;
        try (InputStream in = WorkflowValidator.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            this.documentSchema = schemas.getSchema(json.readTree(in), schemaConfig);
        } catch (IOException e) {
            throw new UncheckedIOException("the workflow schema is missing from the kernel", e);
        }
    }

    public List<Violation> validate(JsonNode document) {
        List<Violation> violations = new ArrayList<>();
        for (ValidationMessage message : documentSchema.validate(document)) {
            violations.add(violation("", message));
        }
        if (!violations.isEmpty()) {
            return cap(violations);
        }
        Map<String, NodeDescriptor> byId = new HashMap<>();
        Set<String> names = new HashSet<>();
        JsonNode nodes = document.get("nodes");
        for (int i = 0; i < nodes.size(); i++) {
            JsonNode node = nodes.get(i);
            String at = "/nodes/" + i;
            String id = node.get("id").asText();
            if (byId.containsKey(id)) {
                violations.add(new Violation(at + "/id", "node id '" + id + "' is used twice"));
            }
            if (!names.add(node.get("name").asText())) {
                violations.add(new Violation(at + "/name", "node name '" + node.get("name").asText()
                        + "' is used twice (expressions refer to nodes by name)"));
            }
            NodeDescriptor descriptor = checkNode(node, at, violations);
            byId.put(id, descriptor);
        }
        checkEdges(document.get("edges"), byId, violations);
        document.path("pinData").fieldNames().forEachRemaining(nodeId -> {
            if (!byId.containsKey(nodeId)) {
                violations.add(new Violation("/pinData/" + nodeId, "pinned data for '" + nodeId
                        + "', which is not a node of this workflow"));
            }
        });
        if (violations.isEmpty()) {
            checkCycles(document, byId, violations);
        }
        return cap(violations);
    }

    /** Checks one node's type, version and configuration; returns its descriptor if known. */
    private NodeDescriptor checkNode(JsonNode node, String at, List<Violation> violations) {
        String type = node.get("type").asText();
        var registered = registry.node(type);
        if (registered.isEmpty()) {
            violations.add(new Violation(at + "/type", "unknown node type '" + type
                    + "' (no started plugin provides it)"));
            return null;
        }
        NodeDescriptor descriptor = registered.get().descriptor();
        int version = node.path("typeVersion").asInt(descriptor.version());
        if (version > descriptor.version()) {
            violations.add(new Violation(at + "/typeVersion", "'" + type + "' is at version " + descriptor.version()
                    + "; version " + version + " does not exist yet"));
        }
        JsonNode config = node.has("config") ? node.get("config") : json.createObjectNode();
        JsonSchema schema = configSchemas.computeIfAbsent(descriptor,
                key -> schemas.getSchema(json.valueToTree(
                        io.leadflow.kernel.plugin.NodeSchemas.configSchema(descriptor)), schemaConfig));
        for (ValidationMessage message : schema.validate(config)) {
            violations.add(violation(at + "/config", message));
        }
        for (Property<?> property : descriptor.properties()) {
            JsonNode value = config.get(property.id());
            if (value == null || !value.isTextual()) {
                continue;
            }
            String pointer = at + "/config/" + property.id();
            if (property.type() == PropertyType.EXPRESSION) {
                checkExpression(value.asText(), pointer, violations);
            } else if (property.expressions()) {
                Matcher matcher = TEMPLATE.matcher(value.asText());
                while (matcher.find()) {
                    checkExpression(matcher.group(1), pointer, violations);
                }
            }
        }
        return descriptor;
    }

    /** Whether a node type is a trigger (a workflow needs one to be activated). */
    boolean isTrigger(String type) {
        return registry.node(type).map(node -> node.descriptor().kind() == io.leadflow.api.node.NodeKind.TRIGGER)
                .orElse(false);
    }

    private static void checkExpression(String expression, String pointer, List<Violation> violations) {
        if (expression.isBlank()) {
            violations.add(new Violation(pointer, "empty expression"));
            return;
        }
        try {
            Jsonata.jsonata(expression);
        } catch (RuntimeException e) {
            violations.add(new Violation(pointer, "the expression does not parse: " + e.getMessage()));
        }
    }

    private static void checkEdges(JsonNode edges, Map<String, NodeDescriptor> byId, List<Violation> violations) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < edges.size(); i++) {
            JsonNode edge = edges.get(i);
            String at = "/edges/" + i;
            checkEndpoint(edge.get("from"), at + "/from", byId, true, violations);
            checkEndpoint(edge.get("to"), at + "/to", byId, false, violations);
            String key = edge.get("from").get("node").asText() + ":" + edge.get("from").get("port").asText() + ">"
                    + edge.get("to").get("node").asText() + ":" + edge.get("to").get("port").asText();
            if (!seen.add(key)) {
                violations.add(new Violation(at, "this edge is a duplicate"));
            }
        }
    }

    private static void checkEndpoint(JsonNode endpoint, String at, Map<String, NodeDescriptor> byId, boolean output,
                                      List<Violation> violations) {
        String nodeId = endpoint.get("node").asText();
        String port = endpoint.get("port").asText();
        if (!byId.containsKey(nodeId)) {
            violations.add(new Violation(at + "/node", "no node with id '" + nodeId + "'"));
            return;
        }
        NodeDescriptor descriptor = byId.get(nodeId);
        if (descriptor == null) {
            return; // its unknown type was reported already
        }
        List<Port> ports = output ? descriptor.outputs() : descriptor.inputs();
        if (ports.stream().noneMatch(p -> p.name().equals(port))) {
            violations.add(new Violation(at + "/port", "'" + descriptor.typeId() + "' has no " + (output ? "output" : "input")
                    + " port '" + port + "' (it has " + ports.stream().map(Port::name).toList() + ")"));
        }
    }

    /** A cycle is allowed only through a node that loops back (e.g. "loop over items"). */
    private static void checkCycles(JsonNode document, Map<String, NodeDescriptor> byId, List<Violation> violations) {
        Map<String, List<Integer>> outgoing = new HashMap<>();
        JsonNode edges = document.get("edges");
        for (int i = 0; i < edges.size(); i++) {
            JsonNode edge = edges.get(i);
            String to = edge.get("to").get("node").asText();
            NodeDescriptor target = byId.get(to);
            if (target != null && target.loopsBack()) {
                continue; // edges into a looping node may close a cycle
            }
            outgoing.computeIfAbsent(edge.get("from").get("node").asText(), k -> new ArrayList<>()).add(i);
        }
        Map<String, Integer> state = new HashMap<>(); // 1 = on the path, 2 = done
        for (String start : byId.keySet()) {
            Integer closing = findCycle(start, outgoing, edges, state);
            if (closing != null) {
                violations.add(new Violation("/edges/" + closing, "this edge closes a cycle; only a node that loops "
                        + "back (such as 'Loop over items') may be part of one"));
                return;
            }
        }
    }

    private static Integer findCycle(String start, Map<String, List<Integer>> outgoing, JsonNode edges,
                                     Map<String, Integer> state) {
        // iterative depth-first search: a 2,000-node chain must not overflow the stack
        if (state.containsKey(start)) {
            return null;
        }
        java.util.ArrayDeque<Object[]> stack = new java.util.ArrayDeque<>();
        stack.push(new Object[] {start, 0});
        state.put(start, 1);
        while (!stack.isEmpty()) {
            Object[] frame = stack.peek();
            String node = (String) frame[0];
            int next = (int) frame[1];
            List<Integer> out = outgoing.getOrDefault(node, List.of());
            if (next >= out.size()) {
                state.put(node, 2);
                stack.pop();
                continue;
            }
            frame[1] = next + 1;
            int edge = out.get(next);
            String target = edges.get(edge).get("to").get("node").asText();
            Integer seen = state.get(target);
            if (seen == null) {
                state.put(target, 1);
                stack.push(new Object[] {target, 0});
            } else if (seen == 1) {
                return edge;
            }
        }
        return null;
    }

    /** A schema finding as a violation; a missing required member points at that member. */
    private static Violation violation(String prefix, ValidationMessage message) {
        String location = message.getInstanceLocation().toString();
        String pointer = prefix + (location.isEmpty() || "/".equals(location) ? "" : location);
        if ("required".equals(message.getType()) && message.getProperty() != null) {
            pointer += "/" + message.getProperty();
        }
        return new Violation(pointer, message.getMessage().replaceFirst("^[^:]*: ", ""));
    }

    private static List<Violation> cap(List<Violation> violations) {
        return violations.size() <= MAX_VIOLATIONS ? violations : violations.subList(0, MAX_VIOLATIONS);
    }
}
