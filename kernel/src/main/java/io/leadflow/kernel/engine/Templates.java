package io.leadflow.kernel.engine;

import com.dashjoin.jsonata.Jsonata;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates {@code {{ ... }}} in configuration strings with JSONata. A value that is one template
 * becomes the expression's JSON value; templates inside text are interpolated as text. Bindings:
 * {@code $json} (the run's first input item), {@code $items}, {@code $node} (earlier nodes' first
 * output item, by node name) and {@code $execution}.
 */
final class Templates {
    /** How long one {{ }} expression may evaluate. */
    static final long TIMEOUT_MILLIS = 2_000;
    /** How deep its evaluation may nest (recursion included). */
    static final int MAX_DEPTH = 200;
    private static final Pattern TEMPLATE = Pattern.compile("\\{\\{(.*?)\\}\\}", Pattern.DOTALL);
    private static final Pattern WHOLE = Pattern.compile("^\\s*\\{\\{(.*?)\\}\\}\\s*$", Pattern.DOTALL);

    private Templates() {
    }

    static boolean hasTemplates(Object value) {
        if (value instanceof String text) {
            return text.contains("{{");
        }
        if (value instanceof Map<?, ?> map) {
            return map.values().stream().anyMatch(Templates::hasTemplates);
        }
        if (value instanceof List<?> list) {
            return list.stream().anyMatch(Templates::hasTemplates);
        }
        return false;
    }

    /** Evaluates every template in a configuration value (recursively through maps and lists). */
    static Object evaluate(Object value, Map<String, Object> bindings) {
        if (value instanceof String text) {
            return evaluateText(text, bindings);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> result = new LinkedHashMap<>();
            map.forEach((key, member) -> result.put(key.toString(), evaluate(member, bindings)));
            return result;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(member -> evaluate(member, bindings)).toList();
        }
        return value;
    }

    private static Object evaluateText(String text, Map<String, Object> bindings) {
        if (!text.contains("{{")) {
            return text;
        }
        Matcher whole = WHOLE.matcher(text);
        if (whole.matches() && !whole.group(1).contains("{{")) {
            return run(whole.group(1), bindings);
        }
        Matcher matcher = TEMPLATE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            Object result = run(matcher.group(1), bindings);
            matcher.appendReplacement(out, Matcher.quoteReplacement(result == null ? "" : String.valueOf(result)));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static Object run(String expression, Map<String, Object> bindings) {
        try {
            // a fresh instance per evaluation: JSONata expressions are not safe to share between threads
            Jsonata compiled = Jsonata.jsonata(expression);
            Jsonata.Frame frame = compiled.createFrame();
            // a runaway expression (a huge range, endless recursion) fails the node, not an engine thread
            frame.setRuntimeBounds(TIMEOUT_MILLIS, MAX_DEPTH);
            // ... and so does a catastrophic regular expression, which JSONata's bound alone cannot stop
            BoundedRegex.bind(frame, System.nanoTime() + TIMEOUT_MILLIS * 1_000_000, TIMEOUT_MILLIS);
            bindings.forEach(frame::bind);
            return compiled.evaluate(bindings.get("json"), frame);
        } catch (RuntimeException e) {
            throw new TemplateException("expression {{" + expression + "}} failed: " + e.getMessage());
        }
    }

    /** An expression failed to evaluate; the node fails permanently with this message. */
    static final class TemplateException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TemplateException(String message) {
            super(message);
        }
    }
}
