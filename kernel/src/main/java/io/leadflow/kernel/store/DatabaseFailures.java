package io.leadflow.kernel.store;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Optional;

/**
 * Tells a database failure that passes (the server restarting or unreachable, a full pool, a
 * canceled statement, a full disk) from one that repeats (a constraint, bad data, a bug). Work
 * that hit a passing failure is tried again, or answered 503 so its client tries again; it is
 * never recorded as failed.
 */
public final class DatabaseFailures {
    private DatabaseFailures() {
    }

    /** The SQL failure in {@code error}'s causes that will likely pass, if there is one. */
    public static Optional<SQLException> transientCause(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && isTransient(sql)) {
                return Optional.of(sql);
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return Optional.empty();
    }

    /** Whether the failure will likely pass. */
    public static boolean isTransient(Throwable error) {
        return transientCause(error).isPresent();
    }

    private static boolean isTransient(SQLException error) {
        if (error instanceof SQLTransientException || error instanceof SQLRecoverableException) {
            return true;
        }
        String state = error.getSQLState();
        if (state == null) {
            return false;
        }
        return state.startsWith("08")      // connection exception
                || state.startsWith("53")  // insufficient resources: disk full, out of memory, too many connections
                || state.startsWith("57P") // admin shutdown, crash shutdown, cannot connect now (recovering)
                || state.equals("57014")   // statement canceled: statement_timeout
                || state.startsWith("58")  // system error: I/O error
                || state.equals("40001")   // serialization failure
                || state.equals("40P01");  // deadlock detected
    }

    /**
     * What went wrong in words safe to show a client: never the statement, its values or the
     * server's message (a batch failure quotes its SQL).
     */
    public static String describe(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof DatabaseDownException) {
                return "the database is unavailable";
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08")) {
                    return "the connection to the database was lost";
                }
                if (state.startsWith("57P")) {
                    return "the database is shutting down, restarting or recovering";
                }
                if (state.equals("57014")) {
                    return "the database did not answer within the statement timeout";
                }
                if (state.equals("53100")) {
                    return "the database's disk is full";
                }
                if (state.startsWith("53")) {
                    return "the database is out of resources (" + state + ")";
                }
                if (state.startsWith("58")) {
                    return "the database had an I/O error";
                }
                if (state.startsWith("40")) {
                    return "the database aborted a conflicting transaction";
                }
            }
            if (cause instanceof java.sql.SQLTransientConnectionException) {
                return "no database connection was free in time";
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return "a database error";
    }

    /** Whether the failure says the server cannot be reached at all (rather than refusing one statement). */
    public static boolean isUnreachable(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof DatabaseDownException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
            if (cause instanceof java.net.ConnectException) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
