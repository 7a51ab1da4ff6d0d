package io.leadflow.kernel.workflow;

/**
 * One thing wrong with a workflow document.
 *
 * @param pointer a JSON Pointer (RFC 6901) into the document, e.g. {@code /nodes/3/config/url}
 * @param detail what is wrong, for people
 */
public record Violation(String pointer, String detail) {
}
