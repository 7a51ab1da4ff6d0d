package io.leadflow.kernel.sandbox;

/** The code sandbox cannot be set up on this machine; the message says why and what to do. */
final class SandboxUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SandboxUnavailableException(String message) {
        super(message);
    }
}
