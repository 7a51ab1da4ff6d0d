package io.leadflow.kernel.lead;

import io.leadflow.kernel.testing.TestKernel;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Reads the lead tables straight over JDBC, as an attacker with a database dump would. */
final class LeadDatabase {
    private LeadDatabase() {
    }

    /** Every column of every row of {@code table}, as text, separated by '|'. */
    static String dump(TestKernel kernel, String table) throws SQLException {
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
    static String value(TestKernel kernel, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(kernel.databaseUrl(), "postgres", null);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : null;
        }
    }
}
