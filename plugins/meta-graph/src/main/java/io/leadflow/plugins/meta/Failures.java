package io.leadflow.plugins.meta;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Unwraps and describes the exceptions a failed stage carries. */
public final class Failures {
    private Failures() {
    }

    /**
     * The exception behind the completion wrappers a stage adds.
     *
     * @param error what the stage failed with
     * @return the cause
     */
    public static Throwable cause(Throwable error) {
        Throwable current = error;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    /**
     * One line for people: the exception's kind and message (the HTTP client never puts keys in them).
     *
     * @param error what the stage failed with
     * @return the line
     */
    public static String describe(Throwable error) {
        Throwable cause = cause(error);
        String message = cause.getMessage();
        String kind = cause.getClass().getSimpleName();
        return message == null || message.isBlank() ? kind : kind + ": " + message;
    }
}
