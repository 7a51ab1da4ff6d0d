package io.leadflow.plugins.core;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import java.lang.reflect.Field;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates JSONata expressions (conditions, mappings) against plain JSON values.
 *
 * <p>Why the pooling: in jsonata-java 0.9.8 a compiled {@link Jsonata} is not safe to use from two
 * threads at once (evaluation writes to the instance and to a static per-thread "current" instance),
 * so compiled expressions are lent out exclusively: a thread borrows one, evaluates, and returns
 * it. Idle compiled instances are kept in a small LRU keyed by the expression text.
 *
 * <p>Why the thread-local clean-up: the library parks a parser and a "current" instance in static
 * {@link ThreadLocal}s of whatever thread evaluated. On kernel worker threads those would pin this
 * plugin's class loader after an unload or upgrade, and a stale "current" instance makes
 * {@code $now()} return an old time; both are removed after every compile and evaluation.
 *
 * <p>Why the parser pool: every evaluation makes a per-thread copy of the expression, and the copy
 * takes the thread's parser, building a new one (its whole operator table, under a global lock)
 * when the thread has none, which after the clean-up above is every time: that was a fifth of the
 * engine's CPU in the webhook benchmark. Parsers are lent to the thread for one call instead, and
 * taken back with the clean-up; they die with this plugin's class loader.
 */
final class Expressions {
    private static final int MAX_EXPRESSIONS = 256;
    private static final int MAX_IDLE_PER_EXPRESSION = 4;
    private static final long TIMEOUT_MILLIS = 2_000;
    private static final int MAX_DEPTH = 200;
    private static final Map<String, Deque<Jsonata>> IDLE = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Jsonata>> eldest) {
            return size() > MAX_EXPRESSIONS;
        }
    };
    private static final List<ThreadLocal<?>> LIBRARY_THREAD_LOCALS = libraryThreadLocals();
    private static final ThreadLocal<Object> PARSER = libraryThreadLocal("_parser");
    private static final int MAX_IDLE_PARSERS = 16;
    private static final Deque<Object> IDLE_PARSERS = new ArrayDeque<>();

    private Expressions() {
    }

    /**
     * Checks that an expression compiles.
     *
     * @param expression the JSONata text
     * @throws ExpressionException with the parser's message if it does not
     */
    static void check(String expression) {
        giveBack(expression, borrow(expression));
    }

    /**
     * Evaluates an expression with {@code input} as its context ({@code $}).
     *
     * @param expression the JSONata text
     * @param input a plain JSON value
     * @return the result as plain JSON values (null when the expression matched nothing)
     * @throws ExpressionException if it does not compile or fails while evaluating
     */
    static Object evaluate(String expression, Object input) {
        Jsonata compiled = borrow(expression);
        lendParser();
        try {
            Jsonata.Frame bounds = new Jsonata.Frame(null);
            // a runaway expression ([1..1e9], endless recursion) must not hold a worker thread
            bounds.setRuntimeBounds(TIMEOUT_MILLIS, MAX_DEPTH);
            return toPlain(compiled.evaluate(toPlain(input), bounds));
        } catch (JException e) {
            throw new ExpressionException(message(e), e);
        } catch (RuntimeException | StackOverflowError e) {
            throw new ExpressionException("evaluation failed: " + e, e);
        } finally {
            clearLibraryThreadLocals();
            giveBack(expression, compiled);
        }
    }

    /**
     * JSONata's truthiness, as {@code $boolean()}: empty strings, zero, empty arrays and objects,
     * null and false are false.
     *
     * @param value a plain JSON value
     * @return whether it counts as true
     */
    static boolean truthy(Object value) {
        if (value instanceof Map<?, ?> map) {
            return !map.isEmpty();
        }
        return Jsonata.boolize(value);
    }

    private static Jsonata borrow(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new ExpressionException("the expression is empty", null);
        }
        synchronized (IDLE) {
            Deque<Jsonata> idle = IDLE.get(expression);
            if (idle != null && !idle.isEmpty()) {
                return idle.pop();
            }
        }
        lendParser();
        try {
            return Jsonata.jsonata(expression);
        } catch (JException e) {
            throw new ExpressionException(message(e), e);
        } catch (RuntimeException e) {
            throw new ExpressionException("cannot parse: " + e, e);
        } finally {
            clearLibraryThreadLocals();
        }
    }

    private static void giveBack(String expression, Jsonata compiled) {
        synchronized (IDLE) {
            Deque<Jsonata> idle = IDLE.computeIfAbsent(expression, e -> new ArrayDeque<>());
            if (idle.size() < MAX_IDLE_PER_EXPRESSION) {
                idle.push(compiled);
            }
        }
    }

    private static String message(JException e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            message = e.getError();
        }
        return e.getLocation() >= 0 ? message + " (at position " + e.getLocation() + ")" : message;
    }

    /**
     * Deep-copies into mutable LinkedHashMap/ArrayList and drops what JSON cannot hold (functions,
     * regexes), so the library never sees read-only collections and callers never see its types.
     */
    private static Object toPlain(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, member) -> copy.put(String.valueOf(key), toPlain(member)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(element -> copy.add(toPlain(element)));
            return copy;
        }
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        return null;
    }

    private static List<ThreadLocal<?>> libraryThreadLocals() {
        List<ThreadLocal<?>> found = new ArrayList<>();
        for (String name : List.of("current", "_parser")) {
            ThreadLocal<Object> threadLocal = libraryThreadLocal(name);
            if (threadLocal != null) {
                found.add(threadLocal);
            }
        }
        return List.copyOf(found);
    }

    @SuppressWarnings("unchecked")
    private static ThreadLocal<Object> libraryThreadLocal(String name) {
        try {
            Field field = Jsonata.class.getDeclaredField(name);
            field.setAccessible(true);
            return field.get(null) instanceof ThreadLocal<?> threadLocal ? (ThreadLocal<Object>) threadLocal : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // another library version: evaluation still works, only the clean-up is skipped
        }
    }

    /** Gives this thread an idle parser for one call, so the library does not build one. */
    private static void lendParser() {
        if (PARSER == null) {
            return;
        }
        Object parser;
        synchronized (IDLE_PARSERS) {
            parser = IDLE_PARSERS.poll();
        }
        if (parser != null) {
            PARSER.set(parser);
        }
    }

    private static void clearLibraryThreadLocals() {
        Object parser = PARSER == null ? null : PARSER.get();
        if (parser != null) {
            synchronized (IDLE_PARSERS) {
                if (IDLE_PARSERS.size() < MAX_IDLE_PARSERS) {
                    IDLE_PARSERS.push(parser);
                }
            }
        }
        LIBRARY_THREAD_LOCALS.forEach(ThreadLocal::remove);
    }

    /** An expression that does not parse or failed while evaluating; the message is JSONata's. */
    static final class ExpressionException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ExpressionException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
