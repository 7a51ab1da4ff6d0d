package io.leadflow.api.node;

/**
 * Logging for plugin code; the kernel tags each line with the plugin, node and execution.
 * Messages use {@code {}} placeholders. Never log secrets or a lead's personal data.
 */
public interface NodeLogger {

    /**
     * Logs detail useful when debugging.
     *
     * @param message the message with {@code {}} placeholders
     * @param arguments the placeholder values
     */
    void debug(String message, Object... arguments);

    /**
     * Logs a notable event.
     *
     * @param message the message with {@code {}} placeholders
     * @param arguments the placeholder values
     */
    void info(String message, Object... arguments);

    /**
     * Logs something unexpected the node recovered from.
     *
     * @param message the message with {@code {}} placeholders
     * @param arguments the placeholder values
     */
    void warn(String message, Object... arguments);

    /**
     * Logs a failure.
     *
     * @param message the message with {@code {}} placeholders
     * @param arguments the placeholder values; a trailing Throwable is logged with its trace
     */
    void error(String message, Object... arguments);
}
