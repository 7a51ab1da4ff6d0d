package io.leadflow.plugins.meta;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Meta's JSON as plain values; Jackson stays inside the plugin. */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private Json() {
    }

    /**
     * Parses an object.
     *
     * @param bytes the JSON text
     * @return the object, or an empty map when the bytes are not a JSON object (an HTML error page)
     */
    public static Map<String, Object> objectOrEmpty(byte[] bytes) {
        try {
            Map<String, Object> value = MAPPER.readValue(bytes, OBJECT);
            return value == null ? Map.of() : value;
        } catch (IOException e) {
            return Map.of();
        }
    }

    /**
     * Writes plain values as JSON.
     *
     * @param value maps, lists, strings, numbers, booleans, null
     * @return the JSON text
     */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not plain JSON values: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * A member that is an object.
     *
     * @param object the object
     * @param name the member
     * @return the member, or an empty map
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(Map<String, Object> object, String name) {
        return object != null && object.get(name) instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    /**
     * A member that is an array of objects; other elements are skipped.
     *
     * @param object the object
     * @param name the member
     * @return the objects, possibly none
     */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> objects(Map<String, Object> object, String name) {
        if (object == null || !(object.get(name) instanceof List<?> list)) {
            return List.of();
        }
        return list.stream().filter(Map.class::isInstance).map(element -> (Map<String, Object>) element).toList();
    }

    /**
     * A member as text: a string, or a number written out.
     *
     * @param object the object
     * @param name the member
     * @return the text, or null
     */
    public static String text(Map<String, Object> object, String name) {
        Object value = object == null ? null : object.get(name);
        return value instanceof String || value instanceof Number ? value.toString() : null;
    }
}
