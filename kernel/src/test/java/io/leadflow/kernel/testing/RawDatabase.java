package io.leadflow.kernel.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Reads a test kernel's tables straight over JDBC, as an attacker with a database dump would. */
public final class RawDatabase {
    private RawDatabase() {
    }

    /** Every column of every row of {@code table} (optionally with a WHERE), as text, separated by '|'. */
    public static String dump(TestKernel kernel, String table) throws SQLException {
        StringBuilder all = new StringBuilder();
        try (Connection connection = DriverManager.getConnection(kernel.databaseUrl(), "postgres", null);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT * FROM " + table)) {
            while (rows.next()) {
                for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
                    all.append(rows.getString(i)).append('|');
                }
                all.append('\n');
            }
        }
        return all.toString();
    }

    /** One query's single text value (null if no row). */
    public static String value(TestKernel kernel, String sql) throws SQLException {
        return value(kernel.databaseUrl(), sql);
    }

    /** One query's single text value (null if no row), on a database no kernel may be running on. */
    public static String value(String databaseUrl, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(databaseUrl, "postgres", null);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : null;
        }
    }
}
