package io.leadflow.kernel.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The server settings an acknowledged write's survival depends on, as the server reports them
 * ({@code SHOW}): with {@code fsync} or {@code synchronous_commit} off, a crash loses commits
 * that were already answered.
 */
public record Durability(String fsync, String synchronousCommit, String fullPageWrites) {

    /** Reads the settings over a connection. */
    static Durability read(Connection connection) throws SQLException {
        return new Durability(show(connection, "fsync"), show(connection, "synchronous_commit"),
                show(connection, "full_page_writes"));
    }

    /** Whether a commit the server acknowledged is on disk. */
    public boolean durable() {
        // every synchronous_commit level but off (local, on, remote_*) flushes the local WAL first
        return "on".equals(fsync) && !"off".equals(synchronousCommit);
    }

    /** As health reports it. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("fsync", fsync);
        map.put("synchronousCommit", synchronousCommit);
        map.put("fullPageWrites", fullPageWrites);
        map.put("durable", durable());
        return map;
    }

    private static String show(Connection connection, String setting) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SHOW " + setting)) {
            return result.next() ? result.getString(1) : "unknown";
        }
    }
}
