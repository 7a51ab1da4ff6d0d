package io.leadflow.plugins.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * JSON text to plain values (Map, List, String, Number, Boolean, null) and back, with Jackson
 * inlined into this plugin (the plugin API itself has no JSON type). Integers stay exact
 * (Integer, Long or BigInteger): JSONata's own parser would read every number as a double and
 * corrupt 64-bit ids.
 */
final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {
    }

    /**
     * Parses JSON text.
     *
     * @param text the text
     * @return the plain value
     * @throws IllegalArgumentException if the text is not one valid JSON value
     */
    static Object parse(String text) {
        try {
            return MAPPER.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("invalid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Writes a plain value as compact JSON text.
     *
     * @param value a plain value
     * @return the JSON text
     * @throws IllegalArgumentException if the value holds something that is not a plain JSON value
     */
    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a plain JSON value: " + e.getOriginalMessage(), e);
        }
    }
}
