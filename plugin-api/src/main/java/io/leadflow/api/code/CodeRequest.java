package io.leadflow.api.code;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One run of user code: the language, the source (a function body that returns items), the mode,
 * the input items, the lead the run is about, extra read-only values and the time limit.
 *
 * <p>Inside JavaScript code, {@code items} is the input as {@code [{json: {...}}]}, {@code $json}
 * the current item's data (the first item's in {@link CodeMode#ALL_ITEMS}), {@code $lead} the lead
 * or {@code null}, and each of {@link Builder#variable variables} as {@code $name}. The code may
 * {@code await}; it has no timers, no network, no files and no {@code require}.
 *
 * @since code 1.0.0
 */
public final class CodeRequest {
    /** The language every sandbox runs. */
    public static final String JAVASCRIPT = "javascript";

    private final String language;
    private final String source;
    private final CodeMode mode;
    private final List<Map<String, Object>> items;
    private final Map<String, Object> lead;
    private final Map<String, Object> variables;
    private final Duration timeout;

    private CodeRequest(Builder builder) {
        this.language = builder.language;
        this.source = builder.source;
        this.mode = builder.mode;
        this.items = List.copyOf(builder.items);
        this.lead = builder.lead;
        this.variables = Collections.unmodifiableMap(new LinkedHashMap<>(builder.variables));
        this.timeout = builder.timeout;
    }

    /**
     * Starts a JavaScript request.
     *
     * @param source the body of a function that returns items
     * @return a builder
     */
    public static Builder javascript(String source) {
        return new Builder(JAVASCRIPT, source);
    }

    /**
     * Starts a request in another language; a sandbox that does not run it fails the run with
     * {@link CodeException#UNSUPPORTED_LANGUAGE}.
     *
     * @param language the language, e.g. {@code javascript}
     * @param source the body of a function that returns items
     * @return a builder
     */
    public static Builder of(String language, String source) {
        return new Builder(language, source);
    }

    /** @return the language */
    public String language() {
        return language;
    }

    /** @return the source */
    public String source() {
        return source;
    }

    /** @return how often the code runs */
    public CodeMode mode() {
        return mode;
    }

    /** @return the input items' data, each a JSON object */
    public List<Map<String, Object>> items() {
        return items;
    }

    /** @return the lead the run is about, or {@code null} */
    public Map<String, Object> lead() {
        return lead;
    }

    /** @return extra read-only values, each visible to the code as {@code $name} */
    public Map<String, Object> variables() {
        return variables;
    }

    /** @return how long the code may run in all (every item's run together in {@link CodeMode#EACH_ITEM}) */
    public Duration timeout() {
        return timeout;
    }

    /** Builds a {@link CodeRequest}. */
    public static final class Builder {
        private final String language;
        private final String source;
        private CodeMode mode = CodeMode.ALL_ITEMS;
        private final List<Map<String, Object>> items = new ArrayList<>();
        private Map<String, Object> lead;
        private final Map<String, Object> variables = new LinkedHashMap<>();
        private Duration timeout = Duration.ofSeconds(10);

        private Builder(String language, String source) {
            this.language = Objects.requireNonNull(language, "language");
            this.source = Objects.requireNonNull(source, "source");
        }

        /**
         * Sets the mode (default {@link CodeMode#ALL_ITEMS}).
         *
         * @param mode the mode
         * @return this builder
         */
        public Builder mode(CodeMode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * Adds input items.
         *
         * @param added each item's data, plain JSON values
         * @return this builder
         */
        public Builder items(List<? extends Map<String, ?>> added) {
            for (Map<String, ?> item : added) {
                // JSON null values are allowed, so not Map.copyOf
                items.add(Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(item, "item"))));
            }
            return this;
        }

        /**
         * Sets the lead the run is about.
         *
         * @param lead the lead's fields as plain JSON values, or {@code null}
         * @return this builder
         */
        public Builder lead(Map<String, ?> lead) {
            this.lead = lead == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(lead));
            return this;
        }

        /**
         * Adds a read-only value the code sees as {@code $name}.
         *
         * @param name a name of letters and digits, e.g. {@code execution}
         * @param value plain JSON values
         * @return this builder
         */
        public Builder variable(String name, Object value) {
            if (name == null || !name.matches("[A-Za-z][A-Za-z0-9]{0,40}")) {
                throw new IllegalArgumentException("a variable's name is letters and digits: " + name);
            }
            variables.put(name, value);
            return this;
        }

        /**
         * Sets the time limit (default 10 seconds); the kernel may lower it to its own maximum.
         *
         * @param timeout more than zero
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            if (timeout == null || timeout.isZero() || timeout.isNegative()) {
                throw new IllegalArgumentException("the timeout must be more than zero");
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * Builds the request.
         *
         * @return the request
         */
        public CodeRequest build() {
            return new CodeRequest(this);
        }
    }
}
