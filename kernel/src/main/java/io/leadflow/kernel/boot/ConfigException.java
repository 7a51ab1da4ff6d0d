package io.leadflow.kernel.boot;

/** A setting is missing or malformed; the kernel refuses to start and says which. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
