package io.leadflow.plugincheck;

/**
 * A plugin jar failed one of the install checks. {@link #check()} names the check (such as
 * {@code archive}, {@code manifest}, {@code plugin-requires} or {@code import-package}); the
 * message says what is wrong and how to fix it. The kernel answers it as a 422 problem with the
 * same {@code check}.
 */
public final class PluginCheckException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The name of the check the jar failed. */
    private final String check;

    private PluginCheckException(String check, String detail) {
        super(detail);
        this.check = check;
    }

    /**
     * A refusal by one check.
     *
     * @param check the check's name
     * @param detail what is wrong
     * @return the exception to throw
     */
    public static PluginCheckException of(String check, String detail) {
        return new PluginCheckException(check, detail);
    }

    /**
     * The check the jar failed.
     *
     * @return the check's name
     */
    public String check() {
        return check;
    }
}
