package io.leadflow.api.node;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A typed configuration property of a node (or field of a credential). The same constant is both
 * the description the kernel turns into JSON Schema and the editor into a form field, and the
 * typed key a node reads its value with: {@code context.config().get(URL)}.
 *
 * <pre>{@code
 * static final Property<String> URL = Property.string("url").label("URL").required().expressions().build();
 * }</pre>
 *
 * @param <T> the Java type of the value: String (text, options, expressions), Integer, Double,
 *            Boolean, {@code List<String>}, or Object for JSON values
 */
public final class Property<T> {
    private final String id;
    private final String label;
    private final String description;
    private final PropertyType type;
    private final Class<?> valueType;
    private final boolean required;
    private final boolean expressions;
    private final boolean secret;
    private final T defaultValue;
    private final List<String> allowedValues;
    private final VisibleWhen visibleWhen;
    private final Double minimum;
    private final Double maximum;
    private final String placeholder;

    private Property(Builder<T> builder) {
        this.id = builder.id;
        this.label = builder.label == null ? builder.id : builder.label;
        this.description = builder.description;
        this.type = builder.type;
        this.valueType = builder.valueType;
        this.required = builder.required;
        this.expressions = builder.expressions;
        this.secret = builder.secret;
        this.defaultValue = builder.defaultValue;
        this.allowedValues = List.copyOf(builder.allowedValues);
        this.visibleWhen = builder.visibleWhen;
        this.minimum = builder.minimum;
        this.maximum = builder.maximum;
        this.placeholder = builder.placeholder;
    }

    /**
     * A single line of text.
     *
     * @param id the property's stable id
     * @return a builder
     */
    public static Builder<String> string(String id) {
        return new Builder<>(id, PropertyType.STRING, String.class);
    }

    /**
     * Several lines of text.
     *
     * @param id the property's stable id
     * @return a builder
     */
    public static Builder<String> text(String id) {
        return new Builder<>(id, PropertyType.TEXT, String.class);
    }

    /**
     * A whole number.
     *
     * @param id the property's stable id
     * @return a builder
     */
    public static Builder<Integer> integer(String id) {
        return new Builder<>(id, PropertyType.INTEGER, Integer.class);
    }

    /**
     * Any number.
     *
     * @param id the property's stable id
     * @return a builder
     */
    public static Builder<Double> number(String id) {
        return new Builder<>(id, PropertyType.NUMBER, Double.class);
    }

    /**
     * True or false.
     *
     * @param id the property's stable id
     * @return a builder
     */
    public static Builder<Boolean> bool(String id) {
        return new Builder<>(id, PropertyType.BOOLEAN, Boolean.class);
    }

    /**
     * One of a fixed set of values.
     *
     * @param id the property's stable id
     * @param values the allowed values, in the order the editor lists them
     * @return a builder
     */
    public static Builder<String> options(String id, String... values) {
        Builder<String> builder = new Builder<>(id, PropertyType.OPTIONS, String.class);
        builder.allowedValues.addAll(List.of(values));
        return builder;
    }

    /**
     * A list of strings.
     *
     * @param id the property's stable id
     * @return a builder
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static Builder<List<String>> stringList(String id) {
        return new Builder(id, PropertyType.STRING_LIST, List.class);
    }

    /**
     * Any JSON value.
     *
     * @param id the property's stable id
     * @return a builder
     */
    public static Builder<Object> json(String id) {
        return new Builder<>(id, PropertyType.JSON, Object.class);
    }

    /**
     * A JSONata expression, which the node receives as text and evaluates itself (per item).
     *
     * @param id the property's stable id
     * @return a builder
     */
    public static Builder<String> expression(String id) {
        return new Builder<>(id, PropertyType.EXPRESSION, String.class);
    }

    /** @return the stable id the configuration stores the value under */
    public String id() {
        return id;
    }

    /** @return what the editor shows as the field's label */
    public String label() {
        return label;
    }

    /** @return help text for the field, or null */
    public String description() {
        return description;
    }

    /** @return the property's type */
    public PropertyType type() {
        return type;
    }

    /** @return the Java type values are converted to */
    public Class<?> valueType() {
        return valueType;
    }

    /** @return whether a value must be given */
    public boolean required() {
        return required;
    }

    /** @return whether the value may contain {@code {{ ... }}} expressions */
    public boolean expressions() {
        return expressions;
    }

    /** @return whether the value is secret (encrypted at rest, never shown again) */
    public boolean secret() {
        return secret;
    }

    /** @return the value used when none is configured, or null */
    public T defaultValue() {
        return defaultValue;
    }

    /** @return for {@link PropertyType#OPTIONS}, the allowed values; otherwise empty */
    public List<String> allowedValues() {
        return allowedValues;
    }

    /** @return when the property is shown, or null if always */
    public VisibleWhen visibleWhen() {
        return visibleWhen;
    }

    /** @return the smallest allowed number, or null */
    public Double minimum() {
        return minimum;
    }

    /** @return the largest allowed number, or null */
    public Double maximum() {
        return maximum;
    }

    /** @return an example shown in an empty field, or null */
    public String placeholder() {
        return placeholder;
    }

    /**
     * Converts a configured JSON value (String, Number, Boolean, List, Map or null) to this
     * property's Java type.
     *
     * @param value the configured value
     * @return the typed value, or the default if {@code value} is null
     * @throws IllegalArgumentException if the value has the wrong type
     */
    @SuppressWarnings("unchecked")
    public T convert(Object value) {
        if (value == null) {
            return defaultValue;
        }
        Object converted = switch (type) {
            case STRING, TEXT, OPTIONS, EXPRESSION -> requireType(value, String.class);
            case INTEGER -> {
                Number number = requireType(value, Number.class);
                if (number.doubleValue() != Math.rint(number.doubleValue())) {
                    throw new IllegalArgumentException("property '" + id + "' must be a whole number, got " + value);
                }
                yield number.intValue();
            }
            case NUMBER -> requireType(value, Number.class).doubleValue();
            case BOOLEAN -> requireType(value, Boolean.class);
            case STRING_LIST -> {
                List<?> list = requireType(value, List.class);
                for (Object element : list) {
                    requireType(element, String.class);
                }
                yield List.copyOf((List<String>) list);
            }
            case JSON -> value;
        };
        return (T) converted;
    }

    private <V> V requireType(Object value, Class<V> expected) {
        if (!expected.isInstance(value)) {
            throw new IllegalArgumentException("property '" + id + "' must be " + expected.getSimpleName().toLowerCase()
                    + ", got " + value.getClass().getSimpleName().toLowerCase());
        }
        return expected.cast(value);
    }

    @Override
    public String toString() {
        return "Property[" + id + ": " + type + "]";
    }

    /**
     * Builds a {@link Property}.
     *
     * @param <T> the value type
     */
    public static final class Builder<T> {
        private final String id;
        private final PropertyType type;
        private final Class<?> valueType;
        private final List<String> allowedValues = new ArrayList<>();
        private String label;
        private String description;
        private boolean required;
        private boolean expressions;
        private boolean secret;
        private T defaultValue;
        private VisibleWhen visibleWhen;
        private Double minimum;
        private Double maximum;
        private String placeholder;

        private Builder(String id, PropertyType type, Class<?> valueType) {
            this.id = IdentifierRules.requirePropertyId(id);
            this.type = type;
            this.valueType = valueType;
        }

        /**
         * Sets the label.
         *
         * @param label what the editor shows
         * @return this builder
         */
        public Builder<T> label(String label) {
            this.label = label;
            return this;
        }

        /**
         * Sets the help text.
         *
         * @param description help text
         * @return this builder
         */
        public Builder<T> description(String description) {
            this.description = description;
            return this;
        }

        /**
         * Makes a value mandatory.
         *
         * @return this builder
         */
        public Builder<T> required() {
            this.required = true;
            return this;
        }

        /**
         * Allows {@code {{ ... }}} expressions in the value.
         *
         * @return this builder
         */
        public Builder<T> expressions() {
            this.expressions = true;
            return this;
        }

        /**
         * Marks the value secret: encrypted at rest and never returned by the API.
         *
         * @return this builder
         */
        public Builder<T> secret() {
            this.secret = true;
            return this;
        }

        /**
         * Sets the value used when none is configured.
         *
         * @param value the default
         * @return this builder
         */
        public Builder<T> defaultValue(T value) {
            this.defaultValue = value;
            return this;
        }

        /**
         * Shows the property only while another has one of the given values.
         *
         * @param property the other property's id
         * @param values the values that show this one
         * @return this builder
         */
        public Builder<T> visibleWhen(String property, String... values) {
            this.visibleWhen = new VisibleWhen(property, List.of(values));
            return this;
        }

        /**
         * Bounds a number.
         *
         * @param min the smallest allowed value, or null
         * @param max the largest allowed value, or null
         * @return this builder
         */
        public Builder<T> range(Double min, Double max) {
            this.minimum = min;
            this.maximum = max;
            return this;
        }

        /**
         * Sets an example shown in an empty field.
         *
         * @param placeholder the example
         * @return this builder
         */
        public Builder<T> placeholder(String placeholder) {
            this.placeholder = placeholder;
            return this;
        }

        /**
         * Builds the property.
         *
         * @return the property
         */
        public Property<T> build() {
            if (type == PropertyType.OPTIONS && allowedValues.isEmpty()) {
                throw new IllegalStateException("options property '" + id + "' needs allowed values");
            }
            if (type == PropertyType.OPTIONS && defaultValue != null && !allowedValues.contains(defaultValue)) {
                throw new IllegalStateException("default of '" + id + "' is not one of its options");
            }
            return new Property<>(this);
        }
    }

    /**
     * Reads the value of {@code property} from a plain configuration map, converted and defaulted.
     *
     * @param <V> the value type
     * @param property the property
     * @param config the configuration
     * @return the typed value, or the default
     */
    public static <V> V read(Property<V> property, Map<String, ?> config) {
        return property.convert(config == null ? null : config.get(property.id()));
    }
}
