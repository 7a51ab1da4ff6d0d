package io.leadflow.kernel.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.leadflow.kernel.boot.LeadFlowConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL the kernel keeps its state in: an external server when {@code LEADFLOW_DB_URL} is
 * set, otherwise a real PostgreSQL started in-process with its data under the data folder
 * ({@link EmbeddedServer}, durable by default). Owns the bounded connection pool, seen through a
 * {@link FailFastDataSource} so nobody waits on a database known to be down, and the
 * {@link DatabaseMonitor} that knows. Closing it closes the pool, then stops the embedded server.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final EmbeddedServer embedded;
    private final HikariDataSource pool;
    private final DataSource guarded;
    private final DatabaseMonitor monitor;
    private final Durability durability;
    private final String description;

    private Database(EmbeddedServer embedded, HikariDataSource pool, DatabaseMonitor monitor, Durability durability,
                     String description) {
        this.embedded = embedded;
        this.pool = pool;
        this.monitor = monitor;
        this.guarded = new FailFastDataSource(pool, monitor);
        this.durability = durability;
        this.description = description;
    }

    /** Connects (starting the embedded server if needed), checks durability and migrates the schema. */
    public static Database open(LeadFlowConfig config) {
        EmbeddedServer embedded = null;
        String url;
        String user;
        String password;
        if (config.databaseUrl().isPresent()) {
            url = config.databaseUrl().get();
            user = config.databaseUser().orElse(null);
            password = config.databasePassword().orElse(null);
        } else {
            embedded = EmbeddedServer.start(config.dataDir().resolve("postgres"), config.embeddedDatabasePort(),
                    config.databaseUnsafeFast());
            url = embedded.jdbcUrl();
            user = "postgres";
            password = null;
        }
        HikariDataSource pool = null;
        DatabaseMonitor monitor = null;
        try {
            pool = createPool(url, user, password, config);
            Durability durability = readDurability(pool);
            warnIfNotDurable(durability, embedded != null, config.databaseUnsafeFast());
            monitor = new DatabaseMonitor(url, user, password, embedded);
            Database database = new Database(embedded, pool, monitor, durability, describe(url, embedded != null));
            Migrations.apply(pool);
            LOG.info("Database ready: {} (fsync={}, synchronous_commit={}, full_page_writes={})", database.description,
                    durability.fsync(), durability.synchronousCommit(), durability.fullPageWrites());
            return database;
        } catch (RuntimeException e) {
            if (monitor != null) {
                monitor.close();
            }
            if (pool != null) {
                pool.close();
            }
            if (embedded != null) {
                embedded.close();
            }
            throw e;
        }
    }

    private static HikariDataSource createPool(String url, String user, String password, LeadFlowConfig config) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("leadflow");
        hikari.setJdbcUrl(url);
        hikari.setUsername(user);
        hikari.setPassword(password);
        hikari.setMaximumPoolSize(config.databasePoolSize());
        hikari.setMinimumIdle(Math.min(2, config.databasePoolSize()));
        hikari.setConnectionTimeout(config.databaseConnectionTimeout().toMillis());
        hikari.setValidationTimeout(Math.max(250, Math.min(1_000, config.databaseConnectionTimeout().toMillis() / 2)));
        hikari.setInitializationFailTimeout(30_000);
        hikari.addDataSourceProperty("ApplicationName", "leadflow");
        hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
        // a statement stuck behind a lock or a slow disk gives its connection back instead of holding it forever
        hikari.setConnectionInitSql("SET statement_timeout = " + config.databaseStatementTimeout().toMillis());
        try {
            return new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            throw new DatabaseUnavailableException("cannot connect to " + safe(url) + ": " + rootMessage(e), e);
        }
    }

    private static Durability readDurability(DataSource pool) {
        try (Connection connection = pool.getConnection()) {
            return Durability.read(connection);
        } catch (SQLException e) {
            throw new DatabaseUnavailableException("cannot read the database's settings: " + e.getMessage(), e);
        }
    }

    private static void warnIfNotDurable(Durability durability, boolean embedded, boolean unsafeFast) {
        if (durability.durable()) {
            return;
        }
        String why = embedded && unsafeFast ? "LEADFLOW_DB_UNSAFE_FAST=true is set"
                : embedded ? "the embedded server was started so" : "the external server is configured so";
        LOG.warn("""

                ************************************************************************************
                *  THE DATABASE DOES NOT FLUSH COMMITS TO DISK (fsync={}, synchronous_commit={}).  *
                *  {}: a crash of PostgreSQL or of this machine can lose executions that webhooks
                *  already answered 202 for. Use this for benchmarks and tests only.
                ************************************************************************************""",
                durability.fsync(), durability.synchronousCommit(), why);
    }

    /** The pool, refusing connections at once while the database is known to be down. */
    public DataSource dataSource() {
        return guarded;
    }

    public DatabaseMonitor monitor() {
        return monitor;
    }

    /** The durability settings read when the kernel started. */
    public Durability durability() {
        return durability;
    }

    public boolean embedded() {
        return embedded != null;
    }

    /** Connections in use, idle and awaited, for health. */
    public Map<String, Object> poolState() {
        Map<String, Object> state = new LinkedHashMap<>();
        HikariPoolMXBean bean = pool.getHikariPoolMXBean();
        state.put("max", pool.getMaximumPoolSize());
        if (bean != null) {
            state.put("active", bean.getActiveConnections());
            state.put("idle", bean.getIdleConnections());
            state.put("waiting", bean.getThreadsAwaitingConnection());
        }
        return state;
    }

    @Override
    public void close() {
        monitor.close();
        pool.close();
        if (embedded != null) {
            embedded.close();
        }
    }

    private static String describe(String url, boolean embedded) {
        return (embedded ? "embedded PostgreSQL at " : "PostgreSQL at ") + safe(url);
    }

    /** The URL without a query string, which may carry a password. */
    private static String safe(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
