package io.leadflow.kernel.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL the kernel starts in-process when no external one is configured: data under the
 * data folder, always on the same port once chosen, and started again if its postmaster dies
 * (kill -9, a PANIC it could not recover from, a full disk), so the pool's URL stays valid.
 *
 * <p>Durable unless told otherwise: the library's defaults (its {@code -F} flag and
 * {@code synchronous_commit=off}) are overridden with {@code fsync}, {@code synchronous_commit}
 * and {@code full_page_writes} on.
 */
final class EmbeddedServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedServer.class);

    private final Path directory;
    private final boolean unsafeFast;
    private final int port;
    private EmbeddedPostgres server;
    private boolean closed;

    private EmbeddedServer(Path directory, boolean unsafeFast, EmbeddedPostgres server) {
        this.directory = directory;
        this.unsafeFast = unsafeFast;
        this.server = server;
        this.port = server.getPort();
    }

    /** Starts the server on {@code port} (0: a free one), creating its data directory on first use. */
    static EmbeddedServer start(Path directory, int port, boolean unsafeFast) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new DatabaseUnavailableException("cannot create " + directory + ": " + e.getMessage(), e);
        }
        return new EmbeddedServer(directory, unsafeFast, launch(directory, port, unsafeFast));
    }

    private static EmbeddedPostgres launch(Path directory, int port, boolean unsafeFast) {
        String flush = unsafeFast ? "off" : "on";
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(directory)
                .setCleanDataDirectory(false)
                // the kernel stops it after the HTTP server and the pool, never concurrently
                .setRegisterShutdownHook(false)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("max_connections", "200")
                .setServerConfig("fsync", flush)
                .setServerConfig("synchronous_commit", flush)
                .setServerConfig("full_page_writes", flush);
        if (port > 0) {
            builder.setPort(port);
        }
        try {
            return builder.start();
        } catch (IOException | RuntimeException e) {
            throw new DatabaseUnavailableException("cannot start the embedded PostgreSQL in " + directory
                    + ": " + e.getMessage(), e);
        }
    }

    String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/postgres";
    }

    /** Whether the postmaster named in its pid file runs; empty when the file cannot be read. */
    synchronized Optional<Boolean> postmasterAlive() {
        try {
            List<String> lines = Files.readAllLines(directory.resolve("postmaster.pid"));
            if (lines.isEmpty()) {
                return Optional.empty();
            }
            long pid = Long.parseLong(lines.get(0).trim());
            return Optional.of(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.of(false); // a postmaster that exits removes its pid file
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Starts the server again on the same port and data after its postmaster died. PostgreSQL's
     * crash recovery replays the WAL, so every commit it acknowledged is there.
     */
    synchronized void restart() {
        if (closed) {
            return;
        }
        LOG.warn("The embedded PostgreSQL's postmaster is gone; starting it again on port {} (crash recovery)", port);
        stopQuietly(server);
        server = launch(directory, port, unsafeFast);
        LOG.warn("The embedded PostgreSQL runs again on port {}", port);
    }

    @Override
    public synchronized void close() {
        closed = true;
        stopQuietly(server);
    }

    private static void stopQuietly(EmbeddedPostgres server) {
        try {
            server.close(); // also releases its lock on the data directory when the postmaster is already gone
        } catch (IOException | RuntimeException e) {
            LOG.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        }
    }
}
