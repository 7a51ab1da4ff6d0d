package io.leadflow.kernel.store;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The pool as the kernel uses it: while the {@link DatabaseMonitor} knows the database is down, a
 * connection is refused at once with a {@link DatabaseDownException} instead of after the pool's
 * connection timeout; a connection that cannot be had tells the monitor to look now.
 */
final class FailFastDataSource implements DataSource {
    private final DataSource pool;
    private final DatabaseMonitor monitor;

    FailFastDataSource(DataSource pool, DatabaseMonitor monitor) {
        this.pool = pool;
        this.monitor = monitor;
    }

    @Override
    public Connection getConnection() throws SQLException {
        refuseWhileDown();
        try {
            return pool.getConnection();
        } catch (SQLException e) {
            if (DatabaseFailures.isUnreachable(e)) {
                monitor.suspect();
            }
            throw e;
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the pool has one user");
    }

    private void refuseWhileDown() throws DatabaseDownException {
        DatabaseMonitor.State state = monitor.state();
        if (!state.up()) {
            throw new DatabaseDownException("the database is unavailable since " + state.since() + " ("
                    + state.reason() + "); retry shortly");
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return pool.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return type.isInstance(pool) ? type.cast(pool) : pool.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(pool) || pool.isWrapperFor(type);
    }
}
