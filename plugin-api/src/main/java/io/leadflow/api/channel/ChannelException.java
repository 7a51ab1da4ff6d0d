package io.leadflow.api.channel;

/**
 * A send the provider refused or could not take. {@code retryable} tells the kernel whether to
 * retry (rate limit, 5xx, timeout) or fail the node at once (bad recipient, bad credential).
 */
public class ChannelException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Whether a retry may succeed. */
    private final boolean retryable;
    /** The stable failure code, or null. */
    private final String code;

    /**
     * Creates the exception.
     *
     * @param message what went wrong (never a secret)
     * @param retryable whether trying again may succeed
     * @param code a stable machine-readable code, e.g. {@code unauthorized}, {@code rate_limited}
     */
    public ChannelException(String message, boolean retryable, String code) {
        super(message);
        this.retryable = retryable;
        this.code = code;
    }

    /** @return whether trying again may succeed */
    public boolean retryable() {
        return retryable;
    }

    /** @return the stable code */
    public String code() {
        return code;
    }
}
