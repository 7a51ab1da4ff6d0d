package io.leadflow.api.code;

import java.util.List;
import java.util.Objects;

/**
 * A run of user code that produced no result. {@link #code()} is one of the constants below;
 * {@link #retryable()} is true only where the same code may succeed on another try (the sandbox
 * crashed or was busy), never for the user's own mistakes.
 *
 * @since code 1.0.0
 */
public class CodeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The source does not parse; the message names the line. */
    public static final String SYNTAX_ERROR = "syntax_error";
    /** The code threw; the message is the error's, with the line. */
    public static final String CODE_ERROR = "code_error";
    /** The code returned something that is not items (e.g. a number, or values JSON cannot hold). */
    public static final String INVALID_RESULT = "invalid_result";
    /** The code ran longer than the request's timeout and was stopped. */
    public static final String TIMEOUT = "timeout";
    /** The code used more memory than the sandbox allows and its process was ended. */
    public static final String MEMORY = "memory";
    /** The code's result was larger than the sandbox allows. */
    public static final String OUTPUT_TOO_LARGE = "output_too_large";
    /** The sandbox process ended unexpectedly; it is replaced, and trying again may succeed. */
    public static final String CRASHED = "crashed";
    /** This kernel cannot run code in a sandbox (the message says why); nothing ran. */
    public static final String UNAVAILABLE = "unavailable";
    /** The sandbox has too many runs waiting, or the kernel is stopping; trying again later may succeed. */
    public static final String BUSY = "busy";
    /** The language is not one this sandbox runs. */
    public static final String UNSUPPORTED_LANGUAGE = "unsupported_language";

    /** One of the codes above. */
    private final String code;
    /** Whether running the code again may succeed. */
    private final boolean retryable;
    private final transient List<String> console;

    /**
     * Creates the exception.
     *
     * @param code one of the constants of this class
     * @param message what went wrong, for the user
     * @param retryable whether trying again may succeed
     * @param console what the code printed before it failed
     */
    public CodeException(String code, String message, boolean retryable, List<String> console) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
        this.retryable = retryable;
        this.console = List.copyOf(console == null ? List.of() : console);
    }

    /** @return the stable code, one of the constants of this class */
    public String code() {
        return code;
    }

    /** @return whether trying again may succeed */
    public boolean retryable() {
        return retryable;
    }

    /** @return what the code printed before it failed */
    public List<String> console() {
        return console == null ? List.of() : console;
    }
}
