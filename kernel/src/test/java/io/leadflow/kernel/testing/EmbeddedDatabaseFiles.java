package io.leadflow.kernel.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What a kernel's embedded PostgreSQL writes in its data folder: the postmaster's pid and port. */
public final class EmbeddedDatabaseFiles {
    private EmbeddedDatabaseFiles() {
    }

    /** The running postmaster's process id, from {@code <data>/postgres/postmaster.pid}. */
    public static long postmasterPid(Path dataDir) throws IOException {
        return Long.parseLong(lines(dataDir).get(0).trim());
    }

    /** A JDBC URL of the embedded server's {@code postgres} database. */
    public static String jdbcUrl(Path dataDir) throws IOException {
        return "jdbc:postgresql://localhost:" + lines(dataDir).get(3).trim() + "/postgres";
    }

    private static List<String> lines(Path dataDir) throws IOException {
        return Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid"));
    }
}
