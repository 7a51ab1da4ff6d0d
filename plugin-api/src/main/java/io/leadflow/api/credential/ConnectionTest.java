package io.leadflow.api.credential;

/**
 * The outcome of testing a credential.
 *
 * @param ok whether the provider accepted it
 * @param message what the editor shows (why not, or what was reached)
 */
public record ConnectionTest(boolean ok, String message) {

    /**
     * A working credential.
     *
     * @param message what was reached
     * @return the outcome
     */
    public static ConnectionTest ok(String message) {
        return new ConnectionTest(true, message);
    }

    /**
     * A credential that does not work.
     *
     * @param message why not
     * @return the outcome
     */
    public static ConnectionTest failed(String message) {
        return new ConnectionTest(false, message);
    }
}
