package io.leadflow.marketplace;

/**
 * The index or an artifact could not be read at all (network error, timeout, HTTP error status,
 * missing file). Unlike {@link IndexRefusedException} nothing was proven wrong with it, so a caller
 * may retry.
 */
public final class IndexUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param detail what could not be read, and why
     * @param cause the underlying failure, or null
     */
    public IndexUnavailableException(String detail, Throwable cause) {
        super(detail, cause);
    }
}
