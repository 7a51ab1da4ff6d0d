package io.leadflow.kernel.plugin;

import io.leadflow.api.credential.CredentialDescriptor;
import io.leadflow.api.node.NodeDescriptor;
import io.leadflow.api.node.Port;
import io.leadflow.api.node.Property;
import io.leadflow.api.node.VisibleWhen;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the plugin API's plain-data descriptors into the JSON the palette, the editor's forms and
 * the marketplace read: ports, and the configuration as a JSON Schema (draft 2020-12) whose
 * properties carry {@code x-leadflow-*} hints (label, expressions, secret, visibility).
 */
final class NodeDescriptorJson {
    private NodeDescriptorJson() {
    }

    static Map<String, Object> node(NodeDescriptor descriptor, String pluginId, String pluginVersion) {
        return node(descriptor, pluginId, pluginVersion, java.util.Optional.empty());
    }

    /** The palette entry; {@code unavailable} says why the node cannot run on this kernel, if so. */
    static Map<String, Object> node(NodeDescriptor descriptor, String pluginId, String pluginVersion,
                                    java.util.Optional<String> unavailable) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", descriptor.typeId());
        json.put("version", descriptor.version());
        json.put("kind", descriptor.kind().name().toLowerCase());
        json.put("label", descriptor.label());
        json.put("description", descriptor.description());
        json.put("category", descriptor.category());
        json.put("icon", descriptor.icon());
        json.put("plugin", Map.of("id", pluginId, "version", pluginVersion));
        json.put("inputs", descriptor.inputs().stream().map(NodeDescriptorJson::port).toList());
        json.put("outputs", descriptor.outputs().stream().map(NodeDescriptorJson::port).toList());
        json.put("credentialTypes", descriptor.credentialTypes());
        json.put("idempotent", descriptor.idempotent());
        Map<String, Object> retry = new LinkedHashMap<>();
        retry.put("maxAttempts", descriptor.retryPolicy().maxAttempts());
        retry.put("initialDelayMs", descriptor.retryPolicy().initialDelay().toMillis());
        retry.put("maxDelayMs", descriptor.retryPolicy().maxDelay().toMillis());
        retry.put("multiplier", descriptor.retryPolicy().multiplier());
        json.put("retryPolicy", retry);
        json.put("configSchema", schema(descriptor.label(), descriptor.properties()));
        json.put("available", unavailable.isEmpty());
        unavailable.ifPresent(reason -> json.put("unavailableReason", reason));
        return json;
    }

    static Map<String, Object> credentialType(CredentialDescriptor descriptor, String pluginId) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", descriptor.typeId());
        json.put("label", descriptor.label());
        json.put("description", descriptor.description());
        json.put("plugin", pluginId);
        json.put("schema", schema(descriptor.label(), descriptor.fields()));
        return json;
    }

    private static Map<String, Object> port(Port port) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", port.name());
        json.put("label", port.label());
        json.put("error", port.error());
        return json;
    }

    /** A JSON Schema of an object whose members are the given properties. */
    static Map<String, Object> schema(String title, List<Property<?>> properties) {
        Map<String, Object> members = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        for (Property<?> property : properties) {
            members.put(property.id(), property(property));
            if (property.required() && property.visibleWhen() == null) {
                required.add(property.id());
            }
        }
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("title", title);
        schema.put("type", "object");
        schema.put("properties", members);
        schema.put("required", required);
        schema.put("additionalProperties", false);
        List<Map<String, Object>> conditionals = conditionals(properties);
        if (!conditionals.isEmpty()) {
            schema.put("allOf", conditionals);
        }
        return schema;
    }

    private static Map<String, Object> property(Property<?> property) {
        Map<String, Object> json = new LinkedHashMap<>();
        switch (property.type()) {
            case STRING, TEXT, EXPRESSION -> json.put("type", "string");
            case OPTIONS -> {
                json.put("type", "string");
                json.put("enum", property.allowedValues());
            }
            case INTEGER -> json.put("type", "integer");
            case NUMBER -> json.put("type", "number");
            case BOOLEAN -> json.put("type", "boolean");
            case STRING_LIST -> {
                json.put("type", "array");
                json.put("items", Map.of("type", "string"));
            }
            case JSON -> {
                // any JSON value
            }
        }
        if (property.expressions() && json.containsKey("type") && !"string".equals(json.get("type"))) {
            // a {{ }} expression stands where a number or flag would be
            json.put("anyOf", List.of(Map.of("type", json.get("type")),
                    Map.of("type", "string", "pattern", "\\{\\{.*\\}\\}")));
            json.remove("type");
        }
        json.put("title", property.label());
        if (property.description() != null) {
            json.put("description", property.description());
        }
        if (property.defaultValue() != null) {
            json.put("default", property.defaultValue());
        }
        if (property.minimum() != null) {
            json.put("minimum", property.minimum());
        }
        if (property.maximum() != null) {
            json.put("maximum", property.maximum());
        }
        json.put("x-leadflow-type", property.type().name().toLowerCase());
        if (property.expressions()) {
            json.put("x-leadflow-expressions", true);
        }
        if (property.secret()) {
            json.put("x-leadflow-secret", true);
            json.put("writeOnly", true);
        }
        if (property.placeholder() != null) {
            json.put("x-leadflow-placeholder", property.placeholder());
        }
        VisibleWhen condition = property.visibleWhen();
        if (condition != null) {
            json.put("x-leadflow-visible-when", Map.of("property", condition.property(), "values", condition.values()));
        }
        return json;
    }

    /** Required-if-visible rules as JSON Schema if/then clauses. */
    private static List<Map<String, Object>> conditionals(List<Property<?>> properties) {
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Property<?> property : properties) {
            VisibleWhen condition = property.visibleWhen();
            if (condition != null && property.required()) {
                rules.add(Map.of(
                        "if", Map.of("properties", Map.of(condition.property(), Map.of("enum", condition.values())),
                                "required", List.of(condition.property())),
                        "then", Map.of("required", List.of(property.id()))));
            }
        }
        return rules;
    }
}
