package io.leadflow.kernel.store;

import java.sql.SQLTransientConnectionException;

/**
 * Thrown at once, instead of waiting for a pooled connection, while the database is known to be
 * unreachable: a webhook then hears 503 in microseconds, not after the pool's timeout.
 */
public final class DatabaseDownException extends SQLTransientConnectionException {
    private static final long serialVersionUID = 1L;

    DatabaseDownException(String message) {
        super(message, "08001");
    }
}
