package io.leadflow.kernel.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The templates shipped with the kernel, read once from the JSON resources beside this class. A
 * resource that is not a well-formed template fails the kernel's start: it is a build defect, not
 * something a user can fix.
 */
final class TemplateCatalog {
    /**
     * The gallery, in the order it is shown. Listed rather than discovered because a class path
     * cannot list a folder inside a jar; {@code TemplateCatalogTest} checks no resource is left out.
     */
    static final List<String> RESOURCES = List.of(
            "web-form-welcome-follow-up.json",
            "whatsapp-qualify-tag.json",
            "mt5-account-qualification.json",
            "missed-call-sms.json");

    private static final Pattern ID = Pattern.compile("^[a-z0-9]+(-[a-z0-9]+)*$");

    private final Map<String, WorkflowTemplate> byId;

    private TemplateCatalog(Map<String, WorkflowTemplate> byId) {
        this.byId = byId;
    }

    /** Reads the shipped templates. */
    static TemplateCatalog shipped(ObjectMapper json) {
        Map<String, WorkflowTemplate> byId = new LinkedHashMap<>();
        for (String resource : RESOURCES) {
            WorkflowTemplate template = read(json, resource);
            if (byId.putIfAbsent(template.id(), template) != null) {
                throw new IllegalStateException("template id '" + template.id() + "' is used twice");
            }
        }
        return new TemplateCatalog(byId);
    }

    List<WorkflowTemplate> all() {
        return List.copyOf(byId.values());
    }

    Optional<WorkflowTemplate> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    static WorkflowTemplate read(ObjectMapper json, String resource) {
        JsonNode root;
        try (InputStream in = TemplateCatalog.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("template resource " + resource + " is missing from the kernel");
            }
            root = json.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("template resource " + resource + " is not JSON", e);
        }
        String id = text(root, "id", resource);
        if (!ID.matcher(id).matches() || !resource.equals(id + ".json")) {
            throw new IllegalStateException("template " + resource + ": the id must be the file name, lower-case "
                    + "words joined by '-', but is '" + id + "'");
        }
        JsonNode workflow = root.get("workflow");
        if (workflow == null || !workflow.isObject() || !workflow.path("nodes").isArray()
                || !workflow.path("edges").isArray() || !workflow.path("name").isTextual()) {
            throw new IllegalStateException("template " + resource + ": 'workflow' must be a workflow document "
                    + "with a name, nodes and edges");
        }
        List<String> channels = new ArrayList<>();
        root.path("channels").forEach(channel -> channels.add(channel.asText()));
        Map<String, String> optional = new LinkedHashMap<>();
        root.path("optionalCredentials").fields().forEachRemaining(entry -> {
            boolean known = false;
            for (JsonNode node : workflow.get("nodes")) {
                known |= node.path("id").asText().equals(entry.getKey());
            }
            if (!known) {
                throw new IllegalStateException("template " + resource + ": optionalCredentials names node '"
                        + entry.getKey() + "', which the workflow does not have");
            }
            optional.put(entry.getKey(), entry.getValue().asText());
        });
        return new WorkflowTemplate(id, text(root, "name", resource), text(root, "description", resource),
                text(root, "category", resource), channels, optional, workflow);
    }

    private static String text(JsonNode root, String member, String resource) {
        JsonNode value = root.get(member);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IllegalStateException("template " + resource + ": '" + member + "' must be a non-empty string");
        }
        return value.asText();
    }
}
