package io.leadflow.kernel.audit;

/**
 * Who did something: a user (through a login session or an API token), the kernel itself, or
 * later a workflow execution; with the client address the request came from, if any.
 */
public record Actor(String type, String id, String name, String clientAddress) {
    public static final String USER = "user";
    public static final String SYSTEM = "system";
    public static final String ANONYMOUS = "anonymous";

    public static Actor system() {
        return new Actor(SYSTEM, null, "leadflow", null);
    }

    public static Actor anonymous(String clientAddress) {
        return new Actor(ANONYMOUS, null, null, clientAddress);
    }
}
