package io.leadflow.kernel.lead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadflow.kernel.boot.ConfigException;
import io.leadflow.kernel.crypto.Keyring;
import io.leadflow.kernel.crypto.MasterKey;
import io.leadflow.kernel.crypto.SecretBox;
import io.leadflow.kernel.realtime.LiveEvent;
import io.leadflow.kernel.testing.ApiClient;
import io.leadflow.kernel.testing.ApiResponse;
import io.leadflow.kernel.testing.RawDatabase;
import io.leadflow.kernel.testing.TestKernel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Rotation of the data keys of lead PII: new writes use the new key at once, a background walk
 * re-encrypts every old row and survives a restart half-way, progress is observable, and every lead
 * stays readable and searchable. A wrong master key still refuses to start.
 */
class LeadKeyRotationIT {
    private static final int LEADS = 40;

    private static String email(int i) {
        return "rotor" + i + "@keys.example";
    }

    private static String phone(int i) {
        return String.format("+1650253%04d", 1000 + i);
    }

    private static String keyIdOf(TestKernel kernel, String leadId) throws Exception {
        return RawDatabase.value(kernel, "SELECT split_part(first_name_ct, ':', 2) FROM lead WHERE id = '" + leadId + "'");
    }

    private static JsonNode status(ApiClient admin) {
        ApiResponse status = admin.get("/api/v1/keys");
        assertThat(status.status()).as(status.body()).isEqualTo(200);
        return status.json();
    }

    private static JsonNode awaitJob(ApiClient admin, Predicate<JsonNode> condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            JsonNode job = status(admin).get("reencryption");
            if (job != null && !job.isNull() && condition.test(job)) {
                return job;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the re-encryption did not get there: " + status(admin));
    }

    @Test
    void rotateReencryptsEveryLeadAcrossARestartAndKeepsThemSearchable() throws Exception {
        TestKernel kernel = TestKernel.start(Map.of("LEADFLOW_REENCRYPTION_BATCH", "6",
                "LEADFLOW_REENCRYPTION_PAUSE_MS", "150"));
        try {
            ApiClient admin = kernel.admin();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < LEADS; i++) {
                ApiResponse created = admin.post("/api/v1/leads", LeadApiIT.json(Map.of("firstName", "Rotor" + i,
                        "lastName", "Keyholder", "company", "Cipher Works", "emails", List.of(email(i)),
                        "phones", List.of(phone(i)), "customFields", Map.of("note", "secret " + i))));
                assertThat(created.status()).as(created.body()).isEqualTo(201);
                ids.add(created.json().get("id").asText());
            }
            String oldKey = status(admin).get("primaryKeyId").asText();
            assertThat(keyIdOf(kernel, ids.get(0))).isEqualTo(oldKey);

            List<LiveEvent> progress = new CopyOnWriteArrayList<>();
            AutoCloseable subscription = kernel.kernel().events().subscribe(event -> {
                if ("keys".equals(event.topic())) {
                    progress.add(event);
                }
            });
            ApiResponse rotated = admin.post("/api/v1/keys/rotate", "");
            assertThat(rotated.status()).as(rotated.body()).isEqualTo(202);
            String newKey = rotated.json().get("primaryKeyId").asText();
            assertThat(newKey).isNotEqualTo(oldKey);
            long job = rotated.json().get("reencryption").get("id").asLong();

            // a write right after the rotation already uses the new key
            ApiResponse fresh = admin.post("/api/v1/leads", "{\"firstName\":\"Fresh\",\"emails\":[\"fresh@keys.example\"]}");
            assertThat(keyIdOf(kernel, fresh.json().get("id").asText())).isEqualTo(newKey);

            // stop the kernel half-way through the walk
            awaitJob(admin, j -> j.get("processed").asLong() >= 12);
            subscription.close();
            assertThat(progress).extracting(LiveEvent::type).contains("key.rotated", "reencryption.progress");
            kernel.close();
            String halfWay = RawDatabase.value(kernel, "SELECT status || '|' || processed FROM lead_reencryption "
                    + "WHERE id = " + job);
            assertThat(halfWay).startsWith("running|");
            long processedBeforeRestart = Long.parseLong(halfWay.substring("running|".length()));
            assertThat(processedBeforeRestart).isBetween(12L, (long) LEADS - 1);
            assertThat(RawDatabase.value(kernel, "SELECT count(*) FROM lead WHERE first_name_ct LIKE 'v1:"
                    + oldKey + ":%'")).isNotEqualTo("0");

            kernel = kernel.restart();
            admin = kernel.admin();
            JsonNode done = awaitJob(admin, j -> "finished".equals(j.get("status").asText()));
            assertThat(done.get("id").asLong()).isEqualTo(job);
            // continued from its cursor rather than starting over: no lead was walked twice
            long leadsNow = Long.parseLong(RawDatabase.value(kernel, "SELECT count(*) FROM lead"));
            assertThat(done.get("processed").asLong()).isBetween((long) LEADS, leadsNow);
            assertThat(done.get("reencrypted").asLong()).isEqualTo(LEADS);
            assertThat(RawDatabase.value(kernel, """
                    SELECT count(*) FROM lead WHERE deleted_at IS NULL AND NOT (
                      first_name_ct LIKE 'v1:%1$s:%%' AND last_name_ct LIKE 'v1:%1$s:%%' AND company_ct LIKE 'v1:%1$s:%%'
                      AND emails_ct LIKE 'v1:%1$s:%%' AND coalesce(phones_ct, 'v1:%1$s:') LIKE 'v1:%1$s:%%'
                      AND coalesce(custom_fields_ct, 'v1:%1$s:') LIKE 'v1:%1$s:%%')
                    """.formatted(newKey).replace("%1$s", newKey))).isEqualTo("0");
            JsonNode keys = status(admin);
            assertThat(keys.get("primaryKeyId").asText()).isEqualTo(newKey);
            assertThat(keys.get("keys").toString()).contains(oldKey, newKey).doesNotContain("wrapped");

            for (int i = 0; i < LEADS; i++) {
                JsonNode lead = admin.get("/api/v1/leads/" + ids.get(i)).json();
                assertThat(lead.get("firstName").asText()).isEqualTo("Rotor" + i);
                assertThat(lead.get("customFields").get("note").asText()).isEqualTo("secret " + i);
                JsonNode byEmail = admin.get("/api/v1/leads?email=" + email(i)).json().get("items");
                assertThat(byEmail).hasSize(1);
                assertThat(admin.get("/api/v1/leads?phone=%2B" + phone(i).substring(1)).json().get("items")).hasSize(1);
            }
            assertThat(admin.get("/api/v1/leads?q=keyhold&limit=200").json().get("items")).hasSize(LEADS);
            List<String> rotor3 = new ArrayList<>();
            admin.get("/api/v1/leads?q=Rotor3").json().get("items").forEach(item -> rotor3.add(item.get("id").asText()));
            assertThat(rotor3).hasSize(11).contains(ids.get(3), ids.get(30), ids.get(39)); // a prefix: Rotor3, Rotor30..39
            assertThat(admin.get("/api/v1/audit?action=keys.rotated").json().get("items")).hasSize(1);

            // rotation is for admins only
            ApiClient editor = kernel.userWithRole("eddie-editor", "editor");
            assertThat(editor.post("/api/v1/keys/rotate", "").status()).isEqualTo(403);
            assertThat(editor.get("/api/v1/keys").status()).isEqualTo(403);

            // the wrapped data keys are useless without the master key: a wrong one refuses to start
            TestKernel running = kernel;
            kernel = null;
            assertThatThrownBy(() -> running.restart(Map.of("LEADFLOW_MASTER_KEY",
                    "b3RoZXIta2V5LW90aGVyLWtleS1vdGhlci1rZXktMzI=")))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("not the key this database's secrets were encrypted with");
        } finally {
            if (kernel != null) {
                kernel.close();
            }
        }
    }

    @Test
    void ciphertextsFromBeforeTheKeyringStillReadAndMoveToTheNewKeyOnRotation() throws Exception {
        try (TestKernel kernel = TestKernel.start()) {
            ApiClient admin = kernel.admin();
            String id = admin.post("/api/v1/leads", "{\"firstName\":\"Legacy\",\"emails\":[\"legacy@keys.example\"]}")
                    .json().get("id").asText();
            // what a database written before data keys holds: the field sealed with the master key itself
            MasterKey master = masterKeyOf(kernel);
            String legacy = new SecretBox(master).encrypt("Legacy", "lead:" + id + ":firstName");
            try (java.sql.Connection connection = java.sql.DriverManager.getConnection(kernel.databaseUrl(), "postgres", null);
                 java.sql.PreparedStatement update = connection.prepareStatement(
                         "UPDATE lead SET first_name_ct = ? WHERE id = CAST(? AS uuid)")) {
                update.setString(1, legacy);
                update.setString(2, id);
                assertThat(update.executeUpdate()).isEqualTo(1);
            }
            assertThat(keyIdOf(kernel, id)).isEqualTo(master.id());
            assertThat(admin.get("/api/v1/leads/" + id).json().get("firstName").asText()).isEqualTo("Legacy");

            String newKey = admin.post("/api/v1/keys/rotate", "").json().get("primaryKeyId").asText();
            awaitJob(admin, j -> "finished".equals(j.get("status").asText()));
            assertThat(keyIdOf(kernel, id)).isEqualTo(newKey);
            assertThat(admin.get("/api/v1/leads/" + id).json().get("firstName").asText()).isEqualTo("Legacy");
            assertThat(admin.get("/api/v1/leads?q=legacy").json().get("items")).hasSize(1);
        }
    }

    @Test
    void messagesToAndFromALeadMoveToTheNewKeyWithIt() throws Exception {
        try (TestKernel kernel = TestKernel.start()) {
            ApiClient admin = kernel.admin();
            String leadId = admin.post("/api/v1/leads", "{\"firstName\":\"Corres\",\"emails\":[\"corres@keys.example\"]}")
                    .json().get("id").asText();
            // one message as a database written before messages used the data keys holds it (sealed with the master
            // key itself), one sealed with the data key that is primary now
            MasterKey master = masterKeyOf(kernel);
            SecretBox legacy = new SecretBox(master);
            org.postgresql.ds.PGSimpleDataSource database = new org.postgresql.ds.PGSimpleDataSource();
            database.setUrl(kernel.databaseUrl());
            database.setUser("postgres");
            Keyring ring = Keyring.open(new io.leadflow.kernel.store.Store(database), master);
            String oldKey = status(admin).get("primaryKeyId").asText();
            java.util.UUID older = java.util.UUID.randomUUID();
            java.util.UUID newer = java.util.UUID.randomUUID();
            try (java.sql.Connection connection = java.sql.DriverManager.getConnection(kernel.databaseUrl(), "postgres", null);
                 java.sql.PreparedStatement insert = connection.prepareStatement("""
                         INSERT INTO message (id, lead_id, direction, medium, channel_id, status, from_ct, text_ct, occurred_at)
                         VALUES (?, CAST(? AS uuid), 'inbound', 'email', 'mailgun.email', 'received', ?, ?, now())""")) {
                insert.setObject(1, older);
                insert.setString(2, leadId);
                insert.setString(3, legacy.encrypt("corres@keys.example", "message:" + older + ":from"));
                insert.setString(4, legacy.encrypt("Old news", "message:" + older + ":text"));
                insert.executeUpdate();
                insert.setObject(1, newer);
                insert.setString(3, ring.encrypt("corres@keys.example", "message:" + newer + ":from"));
                insert.setString(4, ring.encrypt("Fresh news", "message:" + newer + ":text"));
                insert.executeUpdate();
            }
            assertThat(messageKeyIds(kernel, leadId)).containsExactlyInAnyOrder(master.id(), oldKey);
            assertThat(messageTexts(admin, leadId)).containsExactlyInAnyOrder("Old news", "Fresh news");

            ApiResponse rotated = admin.post("/api/v1/keys/rotate", "");
            String newKey = rotated.json().get("primaryKeyId").asText();
            JsonNode done = awaitJob(admin, j -> "finished".equals(j.get("status").asText()));
            assertThat(done.get("reencrypted").asLong()).as("the lead, its fields and its messages").isEqualTo(1);
            assertThat(messageKeyIds(kernel, leadId)).containsOnly(newKey);
            assertThat(messageTexts(admin, leadId)).containsExactlyInAnyOrder("Old news", "Fresh news");
            assertThat(admin.get("/api/v1/leads/" + leadId + "/messages").json().get("items").get(0).get("from").asText())
                    .isEqualTo("corres@keys.example");
        }
    }

    private static MasterKey masterKeyOf(TestKernel kernel) {
        return MasterKey.parse(kernel.setting("LEADFLOW_MASTER_KEY"), "LEADFLOW_MASTER_KEY");
    }

    /** The key ids of every message field of a lead that holds a value. */
    private static List<String> messageKeyIds(TestKernel kernel, String leadId) throws Exception {
        String ids = RawDatabase.value(kernel, """
                SELECT string_agg(DISTINCT split_part(ct, ':', 2), ',') FROM message,
                  unnest(ARRAY[from_ct, to_ct, subject_ct, text_ct, html_ct]) AS ct
                WHERE lead_id = '%s' AND ct IS NOT NULL""".formatted(leadId));
        return List.of(ids.split(","));
    }

    private static List<String> messageTexts(ApiClient admin, String leadId) {
        List<String> texts = new ArrayList<>();
        admin.get("/api/v1/leads/" + leadId + "/messages").json().get("items").forEach(item -> texts.add(item.get("text").asText()));
        return texts;
    }
}
