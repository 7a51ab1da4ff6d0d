package io.leadflow.kernel.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Knows whether the database answers, so that nobody waits for it when it does not: a probe
 * thread runs {@code SELECT 1} on a connection of its own (outside the pool, which may be full
 * while the server is fine) every half second, and every 200 ms once it failed. While the
 * database is down, {@link FailFastDataSource} refuses connections at once and health says
 * {@code down}. An embedded server whose postmaster died is started again from here.
 */
public final class DatabaseMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseMonitor.class);
    private static final long UP_INTERVAL_MILLIS = 500;
    private static final long DOWN_INTERVAL_MILLIS = 200;

    /** What the monitor knows now. */
    public record State(boolean up, Instant since, String reason, long latencyMicros) {
    }

    private final String url;
    private final Properties properties;
    private final EmbeddedServer embedded;
    private final Thread thread;
    private final Object wake = new Object();
    private final CopyOnWriteArrayList<Runnable> onRecovery = new CopyOnWriteArrayList<>();
    private volatile State state = new State(true, Instant.now(), null, 0);
    private volatile boolean running = true;
    private Connection probe;
    private long restartBackoffMillis = 1_000;
    private long nextRestartAt;

    DatabaseMonitor(String url, String user, String password, EmbeddedServer embedded) {
        this.embedded = embedded;
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("ApplicationName", "leadflow-monitor");
        properties.setProperty("connectTimeout", "2");
        properties.setProperty("socketTimeout", "3");
        properties.setProperty("loginTimeout", "3");
        this.url = url;
        this.properties = properties;
        this.thread = new Thread(this::loop, "db-monitor");
        thread.setDaemon(true);
        thread.start();
    }

    /** Whether the database answered the last probe. */
    public boolean up() {
        return state.up();
    }

    public State state() {
        return state;
    }

    /** Runs {@code action} (on the monitor's thread; keep it short) each time the database comes back. */
    public void onRecovery(Runnable action) {
        onRecovery.add(action);
    }

    /** A caller saw the database fail to answer: probe now rather than at the next interval. */
    void suspect() {
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    private void loop() {
        while (running) {
            probeOnce();
            synchronized (wake) {
                try {
                    wake.wait(state.up() ? UP_INTERVAL_MILLIS : DOWN_INTERVAL_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void probeOnce() {
        long start = System.nanoTime();
        try {
            if (probe == null) {
                probe = DriverManager.getConnection(url, properties);
            }
            try (Statement statement = probe.createStatement()) {
                statement.setQueryTimeout(2);
                statement.execute("SELECT 1");
            }
            long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start);
            State before = state;
            state = new State(true, before.up() ? before.since() : Instant.now(), null, micros);
            if (!before.up()) {
                LOG.warn("The database answers again after {} s", Duration.between(before.since(), Instant.now())
                        .toSeconds());
                restartBackoffMillis = 1_000;
                onRecovery.forEach(DatabaseMonitor::runQuietly);
            }
        } catch (SQLException | RuntimeException e) {
            closeProbe();
            String reason = e.getMessage();
            State before = state;
            if (before.up()) {
                LOG.error("The database does not answer ({}); webhooks answer 503 until it does", reason);
                state = new State(false, Instant.now(), reason, 0);
            } else {
                state = new State(false, before.since(), reason, 0);
            }
            restartEmbeddedIfDead();
        }
    }

    /** The embedded postmaster may be gone (kill -9, a failed crash recovery); start it again, backing off. */
    private void restartEmbeddedIfDead() {
        if (embedded == null || embedded.postmasterAlive().orElse(true) || System.currentTimeMillis() < nextRestartAt) {
            return;
        }
        try {
            embedded.restart();
            restartBackoffMillis = 1_000;
        } catch (RuntimeException e) {
            LOG.error("Starting the embedded PostgreSQL again failed; next try in {} s: {}",
                    restartBackoffMillis / 1000, e.getMessage());
            nextRestartAt = System.currentTimeMillis() + restartBackoffMillis;
            restartBackoffMillis = Math.min(restartBackoffMillis * 2, 30_000);
        }
    }

    private void closeProbe() {
        if (probe != null) {
            try {
                probe.close();
            } catch (SQLException ignored) {
                // the connection is broken already
            }
            probe = null;
        }
    }

    private static void runQuietly(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.warn("A recovery action failed: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        running = false;
        suspect();
        try {
            thread.join(3_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeProbe();
    }
}
