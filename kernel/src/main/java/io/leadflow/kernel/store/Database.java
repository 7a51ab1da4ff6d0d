package io.leadflow.kernel.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.leadflow.kernel.boot.LeadFlowConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL the kernel keeps its state in: an external server when {@code LEADFLOW_DB_URL} is
 * set, otherwise a real PostgreSQL started in-process with its data under the data folder. Owns the
 * bounded connection pool; closing it closes the pool, then stops the embedded server.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final EmbeddedPostgres embedded;
    private final HikariDataSource pool;
    private final String description;

    private Database(EmbeddedPostgres embedded, HikariDataSource pool, String description) {
        this.embedded = embedded;
        this.pool = pool;
        this.description = description;
    }

    /** Connects (starting the embedded server if needed) and migrates the schema. */
    public static Database open(LeadFlowConfig config) {
        EmbeddedPostgres embedded = null;
        String url;
        String user;
        String password;
        if (config.databaseUrl().isPresent()) {
            url = config.databaseUrl().get();
            user = config.databaseUser().orElse(null);
            password = config.databasePassword().orElse(null);
        } else {
            embedded = startEmbedded(config.dataDir().resolve("postgres"), config.embeddedDatabasePort());
            url = embedded.getJdbcUrl("postgres", "postgres");
            user = "postgres";
            password = null;
        }
        try {
            HikariDataSource pool = createPool(url, user, password, config.databasePoolSize());
            Database database = new Database(embedded, pool, describe(url, embedded != null));
            Migrations.apply(pool);
            LOG.info("Database ready: {}", database.description);
            return database;
        } catch (RuntimeException e) {
            closeQuietly(embedded);
            throw e;
        }
    }

    private static EmbeddedPostgres startEmbedded(Path directory, int port) {
        try {
            Files.createDirectories(directory);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    // the kernel stops it after the HTTP server and the pool, never concurrently
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("max_connections", "200");
            if (port > 0) {
                builder.setPort(port);
            }
            return builder.start();
        } catch (IOException e) {
            throw new DatabaseUnavailableException("cannot start the embedded PostgreSQL in " + directory
                    + ": " + e.getMessage(), e);
        }
    }

    private static HikariDataSource createPool(String url, String user, String password, int size) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("leadflow");
        hikari.setJdbcUrl(url);
        hikari.setUsername(user);
        hikari.setPassword(password);
        hikari.setMaximumPoolSize(size);
        hikari.setMinimumIdle(Math.min(2, size));
        hikari.setConnectionTimeout(5_000);
        hikari.setValidationTimeout(2_000);
        hikari.setInitializationFailTimeout(30_000);
        hikari.addDataSourceProperty("ApplicationName", "leadflow");
        hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
        try {
            return new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            throw new DatabaseUnavailableException("cannot connect to " + safe(url) + ": " + rootMessage(e), e);
        }
    }

    public DataSource dataSource() {
        return pool;
    }

    /** Round-trip time of a trivial query, or empty if the database does not answer. */
    public java.util.OptionalLong ping() {
        long start = System.nanoTime();
        try (Connection connection = pool.getConnection()) {
            if (connection.isValid(2)) {
                return java.util.OptionalLong.of((System.nanoTime() - start) / 1_000_000);
            }
        } catch (SQLException e) {
            LOG.warn("Database ping failed: {}", e.getMessage());
        }
        return java.util.OptionalLong.empty();
    }

    public boolean embedded() {
        return embedded != null;
    }

    @Override
    public void close() {
        pool.close();
        closeQuietly(embedded);
    }

    private static void closeQuietly(EmbeddedPostgres embedded) {
        if (embedded == null) {
            return;
        }
        try {
            embedded.close();
        } catch (IOException e) {
            LOG.warn("Embedded PostgreSQL did not stop cleanly", new UncheckedIOException(e));
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
