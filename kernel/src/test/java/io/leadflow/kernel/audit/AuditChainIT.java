package io.leadflow.kernel.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadflow.kernel.testing.ApiClient;
import io.leadflow.kernel.testing.ApiResponse;
import io.leadflow.kernel.testing.TestKernel;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The audit trail is a hash chain: concurrent appends stay linear, and an altered row is found. */
class AuditChainIT {

    @Test
    void concurrentAppendsFormOneValidChainAndAnAlteredRowIsReported() throws Exception {
        try (TestKernel kernel = TestKernel.start()) {
            ApiClient admin = kernel.admin();
            // appends from several connections at once (each lead create writes an audit row)
            List<CompletableFuture<ApiResponse>> creates = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String body = "{\"firstName\":\"Chain" + i + "\",\"emails\":[\"chain" + i + "@example.org\"]}";
                creates.add(CompletableFuture.supplyAsync(() -> admin.post("/api/v1/leads", body)));
            }
            creates.forEach(create -> assertThat(create.join().status()).isEqualTo(201));

            JsonNode valid = verify(admin);
            assertThat(valid.get("valid").asBoolean()).as(valid.toString()).isTrue();
            assertThat(valid.get("rowsChecked").asLong()).isGreaterThan(40);
            assertThat(valid.hasNonNull("firstBroken")).isFalse();

            long victim = Long.parseLong(query(kernel, "SELECT id FROM audit_log WHERE action = 'lead.created' "
                    + "ORDER BY id LIMIT 1 OFFSET 10"));
            try (Connection connection = DriverManager.getConnection(kernel.databaseUrl(), "postgres", null);
                 Statement sql = connection.createStatement()) {
                // the table refuses updates; a tamperer with the owner's rights switches that off first
                sql.execute("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_or_delete");
                sql.execute("UPDATE audit_log SET actor_name = 'mallory' WHERE id = " + victim);
                sql.execute("ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_or_delete");
            }
            JsonNode broken = verify(admin);
            assertThat(broken.get("valid").asBoolean()).as(broken.toString()).isFalse();
            assertThat(broken.get("firstBroken").get("id").asLong()).isEqualTo(victim);
            assertThat(broken.get("firstBroken").get("reason").asText()).contains("altered");
        }
    }

    @Test
    void aRowRehashedByTheTampererBreaksTheLinkToTheNextRow() throws Exception {
        try (TestKernel kernel = TestKernel.start()) {
            ApiClient admin = kernel.admin();
            for (int i = 0; i < 5; i++) {
                assertThat(admin.post("/api/v1/leads", "{\"firstName\":\"Link" + i + "\"}").status()).isEqualTo(201);
            }
            long victim = Long.parseLong(query(kernel, "SELECT id FROM audit_log WHERE action = 'lead.created' "
                    + "ORDER BY id LIMIT 1 OFFSET 2"));
            long next = Long.parseLong(query(kernel, "SELECT id FROM audit_log WHERE chain_seq = "
                    + "(SELECT chain_seq + 1 FROM audit_log WHERE id = " + victim + ")"));
            try (Connection connection = DriverManager.getConnection(kernel.databaseUrl(), "postgres", null);
                 Statement sql = connection.createStatement()) {
                sql.execute("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_or_delete");
                sql.execute("UPDATE audit_log SET action = 'lead.read' WHERE id = " + victim);
                sql.execute("UPDATE audit_log a SET hash = audit_row_digest(a.prev_hash, a) WHERE id = " + victim);
                sql.execute("ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_or_delete");
            }
            JsonNode broken = verify(admin);
            assertThat(broken.get("valid").asBoolean()).isFalse();
            assertThat(broken.get("firstBroken").get("id").asLong()).isEqualTo(next);
            assertThat(broken.get("firstBroken").get("reason").asText()).contains("previous-hash");

            // a viewer may not verify
            assertThat(kernel.userWithRole("vera-viewer", "viewer").get("/api/v1/audit/verify").status())
                    .isEqualTo(403);
        }
    }

    @Test
    void deletingTheNewestRowsShowsAgainstTheRecordedTail() throws Exception {
        try (TestKernel kernel = TestKernel.start()) {
            ApiClient admin = kernel.admin();
            assertThat(admin.post("/api/v1/leads", "{\"firstName\":\"Last\"}").status()).isEqualTo(201);
            try (Connection connection = DriverManager.getConnection(kernel.databaseUrl(), "postgres", null);
                 Statement sql = connection.createStatement()) {
                sql.execute("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_or_delete");
                sql.execute("DELETE FROM audit_log WHERE chain_seq = (SELECT max(chain_seq) FROM audit_log)");
                sql.execute("ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_or_delete");
            }
            JsonNode broken = verify(admin);
            assertThat(broken.get("valid").asBoolean()).isFalse();
            assertThat(broken.get("firstBroken").get("reason").asText()).contains("removed from the end");
        }
    }

    private static JsonNode verify(ApiClient admin) {
        ApiResponse response = admin.get("/api/v1/audit/verify");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static String query(TestKernel kernel, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(kernel.databaseUrl(), "postgres", null);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            assertThat(rows.next()).isTrue();
            return rows.getString(1);
        }
    }
}
