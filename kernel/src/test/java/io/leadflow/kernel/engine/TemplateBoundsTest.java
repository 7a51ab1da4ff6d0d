package io.leadflow.kernel.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A runaway {{ }} expression fails with a clear error within the bounds, never a stuck thread. */
class TemplateBoundsTest {
    private static final Map<String, Object> BINDINGS = Map.of("json", Map.of("name", "Ada"));

    private static long failsWithin(String template, String message) {
        long started = System.nanoTime();
        assertThatThrownBy(() -> Templates.evaluate(template, BINDINGS))
                .isInstanceOf(Templates.TemplateException.class)
                .hasMessageContaining(message);
        return (System.nanoTime() - started) / 1_000_000;
    }

    @Test
    void aHugeRangeFails() {
        long millis = failsWithin("{{ $count([1..100000000]) }}", "failed");
        assertThat(millis).isLessThan(Templates.TIMEOUT_MILLIS + 3_000);
    }

    @Test
    void endlessRecursionFailsAtTheDepthLimit() {
        long millis = failsWithin("{{ ($f := function($n) { $f($n + 1) }; $f(0)) }}", "failed");
        assertThat(millis).isLessThan(Templates.TIMEOUT_MILLIS + 3_000);
    }

    @Test
    void aLongLoopFailsAtTheTimeLimit() {
        long millis = failsWithin("{{ $sum([1..5000000].($ * 2)) }}", "failed");
        assertThat(millis).isLessThan(Templates.TIMEOUT_MILLIS + 3_000);
    }

    @Test
    void anOrdinaryTemplateStillWorks() {
        assertThat(Templates.evaluate("Hello {{ name }}", BINDINGS)).isEqualTo("Hello Ada");
    }
}
