package io.leadflow.kernel.engine;

import com.dashjoin.jsonata.Jsonata;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Bounds JSONata's regular-expression functions in time. JSONata's own time limit is checked
 * between evaluation steps, but one {@code $match} with a catastrophic pattern ({@code (.*a){31}}
 * on thirty a's takes Java's engine 23 s) is a single step. So {@code $match}, {@code $contains},
 * {@code $replace} and {@code $split} are rebound in each frame: a call with a regular expression
 * first runs every match of it over a text that checks the deadline on each character read, then,
 * having finished in time, hands the call to JSONata's own function, whose result is unchanged.
 * The matching runs twice; both runs are bounded by what the first proved.
 */
final class BoundedRegex {
    /** The functions taking a pattern, with JSONata's own signatures. */
    private static final Map<String, String> FUNCTIONS = Map.of(
            "match", "<s-f<s:o>n?:a<o>>",
            "contains", "<s-(sf):b>",
            "replace", "<s-(sf)(sf)n?:s>",
            "split", "<s-(sf)n?:a<s>>");

    /** JSONata's own functions: a frame does not reach the built-ins, evaluating their names does. */
    private static final Map<String, Jsonata.JFunction> ORIGINALS = originals();

    private BoundedRegex() {
    }

    private static Map<String, Jsonata.JFunction> originals() {
        Map<String, Jsonata.JFunction> originals = new java.util.HashMap<>();
        FUNCTIONS.keySet().forEach(name -> originals.put(name, (Jsonata.JFunction) Jsonata.jsonata("$" + name).evaluate(null)));
        return Map.copyOf(originals);
    }

    /** Rebinds the pattern functions in {@code frame} so each gives up when {@code deadlineNanos} passes. */
    static void bind(Jsonata.Frame frame, long deadlineNanos, long limitMillis) {
        FUNCTIONS.forEach((name, signature) -> {
            Jsonata.JFunction original = ORIGINALS.get(name);
            frame.bind(name, new Jsonata.JFunction((input, arguments) -> {
                check(arguments, deadlineNanos, limitMillis, name);
                return original.call(input, arguments);
            }, signature));
        });
    }

    private static void check(List<?> arguments, long deadlineNanos, long limitMillis, String name) {
        if (arguments.size() < 2 || !(arguments.get(0) instanceof String text)
                || !(arguments.get(1) instanceof Pattern pattern)) {
            return;
        }
        try {
            java.util.regex.Matcher matcher = pattern.matcher(new DeadlineText(text, deadlineNanos));
            while (matcher.find()) {
                // every match, as the function will find them
            }
        } catch (DeadlinePassed e) {
            throw new IllegalStateException("$" + name + " with the regular expression /" + pattern.pattern()
                    + "/ ran past the expression's time limit of " + limitMillis
                    + " ms (a pattern with nested repetition backtracks exponentially)");
        }
    }

    /** A text that stops the regular-expression engine reading it once the deadline has passed. */
    private static final class DeadlineText implements CharSequence {
        private final String text;
        private final int start;
        private final int end;
        private final long deadlineNanos;
        private int reads;

        DeadlineText(String text, long deadlineNanos) {
            this(text, 0, text.length(), deadlineNanos);
        }

        private DeadlineText(String text, int start, int end, long deadlineNanos) {
            this.text = text;
            this.start = start;
            this.end = end;
            this.deadlineNanos = deadlineNanos;
        }

        @Override
        public char charAt(int index) {
            // the clock every 1024 reads: cheap, and still within microseconds of the deadline
            if ((++reads & 1023) == 0 && System.nanoTime() - deadlineNanos > 0) {
                throw new DeadlinePassed();
            }
            return text.charAt(start + index);
        }

        @Override
        public int length() {
            return end - start;
        }

        @Override
        public CharSequence subSequence(int from, int to) {
            return new DeadlineText(text, start + from, start + to, deadlineNanos);
        }

        @Override
        public String toString() {
            return text.substring(start, end);
        }
    }

    private static final class DeadlinePassed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DeadlinePassed() {
            super(null, null, false, false);
        }
    }
}
