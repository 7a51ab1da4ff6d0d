package io.leadflow.kernel.http;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Query parameters that are instants: ISO-8601, or a 400 problem naming the parameter. */
public final class InstantParameter {
    private InstantParameter() {
    }

    /** The instant, or null when the parameter is absent. */
    public static Instant parse(String parameter, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidParameter(parameter, parameter
                    + " must be an ISO-8601 instant such as 2026-01-31T12:00:00Z");
        }
    }
}
