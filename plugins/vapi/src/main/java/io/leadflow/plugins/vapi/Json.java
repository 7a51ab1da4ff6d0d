package io.leadflow.plugins.vapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;

/** VAPI's JSON as plain values; Jackson stays inside the plugin. */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private Json() {
    }

    /** The JSON object in {@code bytes}, or null when they are not one. */
    static Map<String, Object> objectOrNull(byte[] bytes) {
        try {
            return MAPPER.readValue(bytes, OBJECT);
        } catch (IOException e) {
            return null;
        }
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not plain JSON values: " + e.getOriginalMessage(), e);
        }
    }

    /** A member that is an object, or an empty map. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Map<String, Object> object, String name) {
        return object != null && object.get(name) instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    /** A member as text (a string or a number), or null. */
    static String text(Map<String, Object> object, String name) {
        Object value = object == null ? null : object.get(name);
        return value instanceof String || value instanceof Number ? value.toString() : null;
    }
}
