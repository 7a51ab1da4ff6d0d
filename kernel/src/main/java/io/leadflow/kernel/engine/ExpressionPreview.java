package io.leadflow.kernel.engine;

import java.util.Map;

/**
 * Evaluates a configuration value's {@code {{ }}} templates exactly as a node run would, for the
 * editor's live preview: the same JSONata, bindings and bounds as {@link Templates}.
 */
public final class ExpressionPreview {
    private ExpressionPreview() {
    }

    /**
     * The value a node would see for {@code text} given these bindings ({@code json},
     * {@code items}, {@code node}, {@code execution}).
     *
     * @throws IllegalArgumentException with the failing expression and JSONata's reason
     */
    public static Object evaluate(String text, Map<String, Object> bindings) {
        try {
            return Templates.evaluate(text, bindings);
        } catch (Templates.TemplateException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
