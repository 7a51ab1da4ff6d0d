package io.leadflow.plugins.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ExpressionsTest {

    @Test
    void evaluatesAgainstTheItemAndReturnsPlainValues() {
        Object result = Expressions.evaluate("{'name': first & ' ' & last, 'tags': tags[0], 'n': $count(tags)}",
                Map.of("first", "Ada", "last", "Lovelace", "tags", List.of("vip", "new")));

        assertThat(result).isEqualTo(Map.of("name", "Ada Lovelace", "tags", "vip", "n", 2));
        assertThat(result.getClass().getName()).startsWith("java.util.");
    }

    @Test
    void arraysComeBackAsPlainLists() {
        Object result = Expressions.evaluate("items.price", Map.of("items", List.of(Map.of("price", 1), Map.of("price", 2))));

        assertThat(result).isInstanceOf(ArrayList.class).isEqualTo(List.of(1, 2));
    }

    @Test
    void aMissingPathIsNull() {
        assertThat(Expressions.evaluate("nothing.here", Map.of("a", 1))).isNull();
    }

    @Test
    void truthinessFollowsJsonataBoolean() {
        assertThat(Expressions.truthy(null)).isFalse();
        assertThat(Expressions.truthy("")).isFalse();
        assertThat(Expressions.truthy(0)).isFalse();
        assertThat(Expressions.truthy(List.of())).isFalse();
        assertThat(Expressions.truthy(Map.of())).isFalse();
        assertThat(Expressions.truthy(false)).isFalse();
        assertThat(Expressions.truthy("no")).isTrue();
        assertThat(Expressions.truthy(3)).isTrue();
        assertThat(Expressions.truthy(List.of(1))).isTrue();
        assertThat(Expressions.truthy(Map.of("a", 1))).isTrue();
    }

    @Test
    void aSyntaxErrorIsReportedWithJsonatasMessage() {
        assertThatThrownBy(() -> Expressions.evaluate("a +", Map.of()))
                .isInstanceOf(Expressions.ExpressionException.class)
                .hasMessageNotContaining("null")
                .message().isNotBlank();
        assertThatThrownBy(() -> Expressions.check("(("))
                .isInstanceOf(Expressions.ExpressionException.class);
        assertThatThrownBy(() -> Expressions.check(" "))
                .hasMessageContaining("empty");
    }

    @Test
    void anEvaluationErrorIsReported() {
        assertThatThrownBy(() -> Expressions.evaluate("a + 1", Map.of("a", "text")))
                .isInstanceOf(Expressions.ExpressionException.class);
    }

    @Test
    void aRunawayExpressionIsStopped() {
        assertThatThrownBy(() -> Expressions.evaluate("($f := function($n) { $n = 0 ? 0 : 1 + $f($n - 1) }; $f(100000))",
                Map.of()))
                .isInstanceOf(Expressions.ExpressionException.class);
    }

    @Test
    void oneExpressionEvaluatedOnManyThreadsKeepsInputsApart() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int task = 0; task < 8; task++) {
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 300; i++) {
                        long id = Thread.currentThread().getId() * 100_000 + i;
                        Object result = Expressions.evaluate("$string(id) & '-' & $string(id * 2)", Map.of("id", id));
                        if (!(id + "-" + (id * 2)).equals(result)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void leavesNoLibraryStateOnTheCallingThread() throws Exception {
        Expressions.evaluate("a", Map.of("a", 1));

        for (String name : List.of("current", "_parser")) {
            var field = com.dashjoin.jsonata.Jsonata.class.getDeclaredField(name);
            field.setAccessible(true);
            assertThat(((ThreadLocal<?>) field.get(null)).get()).as(name).isNull();
        }
    }
}
