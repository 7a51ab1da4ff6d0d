package io.leadflow.plugins.mailgun;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;

/** Reads and writes plain JSON values (Map, List, String, Number, Boolean, null); Jackson stays inside. */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private Json() {
    }

    /**
     * Parses a JSON object.
     *
     * @throws IllegalArgumentException if the bytes are not one JSON object
     */
    static Map<String, Object> parseObject(byte[] bytes) {
        try {
            Map<String, Object> value = MAPPER.readValue(bytes, OBJECT);
            if (value == null) {
                throw new IllegalArgumentException("expected a JSON object, got null");
            }
            return value;
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON object: " + originalMessage(e), e);
        }
    }

    /** Writes a plain JSON value as JSON text. */
    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String originalMessage(IOException e) {
        return e instanceof JsonProcessingException processing ? processing.getOriginalMessage() : e.getMessage();
    }
}
