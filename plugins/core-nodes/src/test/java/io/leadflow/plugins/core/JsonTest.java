package io.leadflow.plugins.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void parsesEveryKindOfValue() {
        Object parsed = Json.parse(" {\"s\":\"a\\\"b\\u00e9\\n\",\"i\":42,\"l\":9007199254740993,\"big\":123456789012345678901234,"
                + "\"d\":-1.5e2,\"t\":true,\"f\":false,\"n\":null,\"a\":[1,[],{}]} ");

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("s", "a\"b\u00e9\n");
        expected.put("i", 42);
        expected.put("l", 9007199254740993L);
        expected.put("big", new BigInteger("123456789012345678901234"));
        expected.put("d", -150.0);
        expected.put("t", true);
        expected.put("f", false);
        expected.put("n", null);
        expected.put("a", List.of(1, List.of(), Map.of()));
        assertThat(parsed).isEqualTo(expected);
    }

    @Test
    void writesCompactJsonThatParsesBack() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("text", "line\n\"quoted\"\u0001");
        value.put("whole", 3.0);
        value.put("fraction", 0.25);
        value.put("list", Arrays.asList(1, null, true));

        String text = Json.write(value);

        assertThat(text).isEqualTo("{\"text\":\"line\\n\\\"quoted\\\"\\u0001\",\"whole\":3.0,\"fraction\":0.25,\"list\":[1,null,true]}");
        assertThat(Json.parse(text)).isEqualTo(Map.of("text", "line\n\"quoted\"\u0001", "whole", 3.0, "fraction", 0.25,
                "list", Arrays.asList(1, null, true)));
    }

    @Test
    void refusesMalformedText() {
        for (String bad : List.of("", "{", "{\"a\":}", "[1,]", "01", "tru", "{\"a\":1} x", "\"open", "{a:1}")) {
            assertThatThrownBy(() -> Json.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("invalid JSON");
        }
    }

    @Test
    void refusesValuesJsonCannotHold() {
        assertThatThrownBy(() -> Json.write(Map.of("x", new Object()))).isInstanceOf(IllegalArgumentException.class);
        // JSON has no NaN: it is written as a string rather than as invalid JSON
        assertThat(Json.write(Double.NaN)).isEqualTo("\"NaN\"");
    }
}
