package io.leadflow.api.node;

/** The type of a node property, which decides its JSON Schema and the editor's form field. */
public enum PropertyType {
    /** A line of text. */
    STRING,
    /** Several lines of text (a message body, a template). */
    TEXT,
    /** A whole number. */
    INTEGER,
    /** Any number. */
    NUMBER,
    /** True or false. */
    BOOLEAN,
    /** One of {@link Property#allowedValues()}. */
    OPTIONS,
    /** A list of strings. */
    STRING_LIST,
    /** Any JSON value (object, array, ...), edited as JSON. */
    JSON,
    /**
     * A JSONata expression the node evaluates itself, typically once per item (a condition, a
     * mapping); the kernel checks that it parses when the workflow is saved.
     */
    EXPRESSION
}
