package io.leadflow.kernel.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A runaway {{ }} expression fails with a clear error within the bounds, never a stuck thread. */
class TemplateBoundsTest {
    private static final Map<String, Object> BINDINGS = Map.of("json", Map.of("name", "Ada",
            "as", "a".repeat(40), "phone", "+44 20 7946 0018, +44 20 7946 0019"));
    /** Without the bound, Java's engine takes 23 s for thirty a's and far longer for forty. */
    private static final String CATASTROPHIC = "/(.*a){41}/";

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
    void aCatastrophicRegularExpressionFailsAtTheTimeLimitInEveryFunction() {
        for (String call : new String[] {"$match(as, " + CATASTROPHIC + ")", "$contains(as, " + CATASTROPHIC + ")",
                "$replace(as, " + CATASTROPHIC + ", 'x')", "$split(as, " + CATASTROPHIC + ")"}) {
            long millis = failsWithin("{{ " + call + " }}", "ran past the expression's time limit of 2000 ms");
            assertThat(millis).as(call).isLessThan(Templates.TIMEOUT_MILLIS + 1_000);
        }
    }

    @Test
    void regularExpressionFunctionsGiveJsonataResults() {
        assertThat(Templates.evaluate("{{ $match(phone, /7946 (\\d+)/).groups[0] }}", BINDINGS))
                .isEqualTo(java.util.List.of("0018", "0019"));
        assertThat(Templates.evaluate("{{ $contains(name, /^A/) }}", BINDINGS)).isEqualTo(true);
        assertThat(Templates.evaluate("{{ $replace(phone, /\\s/, '') }}", BINDINGS))
                .isEqualTo("+442079460018,+442079460019");
        assertThat(Templates.evaluate("{{ $split(phone, /,\\s*/) }}", BINDINGS))
                .isEqualTo(java.util.List.of("+44 20 7946 0018", "+44 20 7946 0019"));
        assertThat(Templates.evaluate("{{ $contains(name, 'd') }}", BINDINGS)).isEqualTo(true);
    }

    @Test
    void anOrdinaryTemplateStillWorks() {
        assertThat(Templates.evaluate("Hello {{ name }}", BINDINGS)).isEqualTo("Hello Ada");
    }
}
