package io.leadflow.plugins.twilio;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;

/** Reads Twilio's JSON answers as plain values; Jackson stays inside the plugin. */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private Json() {
    }

    /** The JSON object in {@code bytes}, or an empty map when they are not one (an HTML error page). */
    static Map<String, Object> objectOrEmpty(byte[] bytes) {
        try {
            Map<String, Object> value = MAPPER.readValue(bytes, OBJECT);
            return value == null ? Map.of() : value;
        } catch (IOException e) {
            return Map.of();
        }
    }
}
