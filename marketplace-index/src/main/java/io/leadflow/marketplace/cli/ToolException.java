package io.leadflow.marketplace.cli;

/** A command cannot do what was asked (a missing file, an existing one it would overwrite); exit code 1. */
final class ToolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ToolException(String detail) {
        super(detail);
    }
}
