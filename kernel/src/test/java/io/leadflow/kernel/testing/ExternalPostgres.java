package io.leadflow.kernel.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A PostgreSQL server of the test's own, run the way a production server is (fsync,
 * synchronous_commit and full_page_writes on) on a fixed port and data folder, that the test can
 * crash ({@code kill -9} of its postmaster), stop and start again while a kernel uses it by URL.
 */
public final class ExternalPostgres implements AutoCloseable {
    private final Path directory;
    private final int port;
    private EmbeddedPostgres server;

    private ExternalPostgres(Path directory, int port) {
        this.directory = directory;
        this.port = port;
    }

    /** Starts a new server with its data in {@code directory} and creates the database {@code leadflow}. */
    public static ExternalPostgres start(Path directory) throws IOException, SQLException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ExternalPostgres postgres = new ExternalPostgres(directory, port);
        postgres.startAgain();
        try (Connection connection = postgres.server.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE leadflow");
        }
        return postgres;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/leadflow";
    }

    /** Starts the server (again) on the same port and data; after a crash, PostgreSQL recovers from its WAL. */
    public void startAgain() throws IOException {
        if (server != null) {
            server.close(); // releases the library's lock on the data folder; the server itself is stopped
        }
        Files.createDirectories(directory);
        server = EmbeddedPostgres.builder()
                .setDataDirectory(directory)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .start();
    }

    /** {@code kill -9} of the postmaster: its backends die with it, nothing is shut down. */
    public void crash() throws IOException, InterruptedException {
        long pid = Long.parseLong(Files.readAllLines(directory.resolve("postmaster.pid")).get(0).trim());
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
        postmaster.destroyForcibly();
        postmaster.onExit().join();
    }

    /** A clean, fast shutdown ({@code pg_ctl stop -m fast}): clients are disconnected. */
    public void stop() throws IOException {
        server.close();
    }

    @Override
    public void close() throws IOException {
        if (server != null) {
            server.close();
        }
    }
}
