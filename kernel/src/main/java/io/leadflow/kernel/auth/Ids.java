package io.leadflow.kernel.auth;

import io.leadflow.kernel.http.ProblemException;
import java.util.UUID;

/** Path ids: a value that is not a UUID names nothing, so it is a 404 like any unknown id. */
public final class Ids {
    private Ids() {
    }

    public static UUID parse(String what, String id) {
        try {
            if (id != null && id.length() == 36) {
                return UUID.fromString(id);
            }
        } catch (IllegalArgumentException ignored) {
            // falls through to the 404 below
        }
        // the value is not echoed: it is not an id, and may be anything a caller typed
        throw new ProblemException(404, "not-found", "Not found", "no " + what + " has this id");
    }
}
