package io.leadflow.kernel.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadflow.kernel.testing.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

class MigrationsIT {

    @Test
    void migratesAnEmptyDatabaseAndIsIdempotentOnRestart() throws SQLException {
        String url = TestPostgres.newDatabase();
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(url);
        dataSource.setUser("postgres");

        Migrations.apply(dataSource);
        int applied = count(url, "SELECT count(*) FROM databasechangelog");
        assertThat(applied).isGreaterThanOrEqualTo(3);
        assertThat(count(url, "SELECT count(*) FROM information_schema.tables WHERE table_name IN "
                + "('app_user', 'api_token', 'audit_log')")).isEqualTo(3);

        Migrations.apply(dataSource);
        assertThat(count(url, "SELECT count(*) FROM databasechangelog")).isEqualTo(applied);
    }

    @Test
    void theAuditTableRefusesUpdatesDeletesAndTruncation() throws SQLException {
        String url = TestPostgres.newDatabase();
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(url);
        dataSource.setUser("postgres");
        Migrations.apply(dataSource);
        try (Connection connection = DriverManager.getConnection(url, "postgres", null);
             Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO audit_log (actor_type, action, outcome) VALUES ('system', 'test', 'success')");
            assertThatThrownBy(() -> statement.execute("UPDATE audit_log SET action = 'forged'"))
                    .hasMessageContaining("append-only");
            assertThatThrownBy(() -> statement.execute("DELETE FROM audit_log"))
                    .hasMessageContaining("append-only");
            assertThatThrownBy(() -> statement.execute("TRUNCATE audit_log"))
                    .hasMessageContaining("append-only");
        }
        assertThat(count(url, "SELECT count(*) FROM audit_log WHERE action = 'test'")).isEqualTo(1);
    }

    private static int count(String url, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, "postgres", null);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
