package io.leadflow.kernel.lead;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadflow.kernel.realtime.LiveEvent;
import io.leadflow.kernel.testing.ApiClient;
import io.leadflow.kernel.testing.ApiResponse;
import io.leadflow.kernel.testing.RawDatabase;
import io.leadflow.kernel.testing.TestKernel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Create, read, patch, erase and export leads; dedupe; validation; roles; audit; live events. */
class LeadApiIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestKernel kernel;
    private static ApiClient admin;
    private static ApiClient editor;
    private static ApiClient viewer;

    @BeforeAll
    static void start() {
        kernel = TestKernel.start();
        admin = kernel.admin();
        editor = kernel.userWithRole("lena-editor", "editor");
        viewer = kernel.userWithRole("vic-viewer", "viewer");
    }

    @AfterAll
    static void stop() {
        kernel.close();
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(item -> values.add(item.asText()));
        return values;
    }

    private static List<JsonNode> auditOf(String id) {
        ApiResponse trail = admin.get("/api/v1/audit?targetType=lead&targetId=" + id);
        assertThat(trail.status()).as(trail.body()).isEqualTo(200);
        List<JsonNode> rows = new ArrayList<>();
        trail.json().get("items").forEach(rows::add);
        return rows;
    }

    @Test
    void createReadPatchExportAndErase() throws Exception {
        ApiResponse created = editor.post("/api/v1/leads", json(Map.of(
                "firstName", "Augusta", "lastName", "Lovelace", "company", "Analytical Engines",
                "emails", List.of("  Augusta.King@Example.COM "), "phones", List.of("(650) 253-0000"),
                "tags", List.of("vip"), "source", "web-form",
                "customFields", Map.of("favouriteNumber", 42, "notes", "met at the Royal Society"),
                "consent", Map.of("email", Map.of("state", "opted_in", "at", "2026-01-01T00:00:00Z", "source", "form")))));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode lead = created.json();
        String id = lead.get("id").asText();
        assertThat(created.header("Location")).endsWith("/api/v1/leads/" + id);
        assertThat(lead.get("merged").asBoolean()).isFalse();
        assertThat(texts(lead.get("emails"))).containsExactly("Augusta.King@example.com");
        assertThat(texts(lead.get("phones"))).containsExactly("+16502530000");
        assertThat(lead.get("status").asText()).isEqualTo("new");
        assertThat(lead.get("consent").get("email").get("state").asText()).isEqualTo("opted_in");
        assertThat(lead.get("consent").get("sms").get("state").asText()).isEqualTo("unknown");
        assertThat(lead.get("customFields").get("favouriteNumber").asInt()).isEqualTo(42);

        ApiResponse read = viewer.get("/api/v1/leads/" + id);
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        assertThat(read.json().get("lastName").asText()).isEqualTo("Lovelace");
        assertThat(read.json().get("company").asText()).isEqualTo("Analytical Engines");
        assertThat(read.json().has("merged")).isFalse();

        ApiResponse patched = editor.patch("/api/v1/leads/" + id, json(Map.of("status", "contacted",
                "tags", List.of("vip", "callback"), "consent", Map.of("sms", Map.of("state", "opted_out")))));
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json().get("status").asText()).isEqualTo("contacted");
        assertThat(texts(patched.json().get("tags"))).containsExactly("vip", "callback");
        assertThat(patched.json().get("consent").get("sms").get("state").asText()).isEqualTo("opted_out");
        assertThat(patched.json().get("consent").get("email").get("state").asText()).isEqualTo("opted_in");
        assertThat(patched.json().get("firstName").asText()).isEqualTo("Augusta");
        java.util.HashMap<String, Object> clearCompany = new java.util.HashMap<>();
        clearCompany.put("company", null);
        ApiResponse cleared = editor.patch("/api/v1/leads/" + id, json(clearCompany));
        assertThat(cleared.json().has("company")).as(cleared.body()).isFalse();
        assertThat(cleared.json().get("lastName").asText()).isEqualTo("Lovelace");

        ApiResponse exported = editor.get("/api/v1/leads/" + id + "/export");
        assertThat(exported.status()).as(exported.body()).isEqualTo(200);
        assertThat(exported.json().get("lead").get("firstName").asText()).isEqualTo("Augusta");
        assertThat(exported.json().get("consent").get("sms").get("state").asText()).isEqualTo("opted_out");
        List<String> exportedTrail = new ArrayList<>();
        exported.json().get("auditTrail").forEach(row -> exportedTrail.add(row.get("action").asText()));
        assertThat(exportedTrail).containsExactly("lead.created", "lead.read", "lead.updated", "lead.updated",
                "lead.exported");

        List<JsonNode> trail = auditOf(id);
        assertThat(trail).extracting(row -> row.get("action").asText())
                .containsExactly("lead.exported", "lead.updated", "lead.updated", "lead.read", "lead.created");
        JsonNode firstUpdate = trail.get(2);
        assertThat(texts(firstUpdate.get("detail").get("fields"))).containsExactlyInAnyOrder("status", "tags", "consent");
        assertThat(texts(trail.get(1).get("detail").get("fields"))).containsExactly("company");
        assertThat(trail.get(4).get("actorName").asText()).isEqualTo("lena-editor");
        assertThat(trail.get(3).get("actorName").asText()).isEqualTo("vic-viewer");
        assertThat(trail).allSatisfy(row -> assertThat(row.get("clientIp").asText()).isEqualTo("127.0.0.1"));
        String auditText = admin.get("/api/v1/audit?targetType=lead").body();
        assertThat(auditText).doesNotContain("Lovelace", "Augusta", "example.com", "6502530000", "Royal Society");

        assertThat(editor.delete("/api/v1/leads/" + id).status()).isEqualTo(204);
        assertThat(viewer.get("/api/v1/leads/" + id).status()).isEqualTo(404);
        assertThat(editor.patch("/api/v1/leads/" + id, "{\"status\":\"won\"}").status()).isEqualTo(404);
        assertThat(editor.delete("/api/v1/leads/" + id).status()).isEqualTo(404);
        assertThat(editor.get("/api/v1/leads/" + id + "/export").status()).isEqualTo(404);
        assertThat(auditOf(id).get(0).get("action").asText()).isEqualTo("lead.deleted");

        // the tombstone keeps statistics only; no ciphertext, consent or search token is left
        String tombstone = RawDatabase.value(kernel, "SELECT concat_ws('|', first_name_ct, last_name_ct, company_ct, "
                + "emails_ct, phones_ct, custom_fields_ct, consent::text, status, array_to_string(tags, ','), "
                + "deleted_at IS NOT NULL) FROM lead WHERE id = '" + id + "'");
        assertThat(tombstone).isEqualTo("{}|contacted|vip,callback|t");
        assertThat(RawDatabase.value(kernel, "SELECT count(*) FROM lead_search WHERE lead_id = '" + id + "'"))
                .isEqualTo("0");

        ApiResponse again = editor.post("/api/v1/leads", json(Map.of("emails", List.of("Augusta.King@example.com"))));
        assertThat(again.status()).as(again.body()).isEqualTo(201);
        assertThat(again.json().get("id").asText()).isNotEqualTo(id);
        assertThat(again.json().get("merged").asBoolean()).isFalse();
        assertThat(again.json().has("firstName")).isFalse();
    }

    @Test
    void aLeadWithTheSameEmailMergesIntoTheExistingOne() {
        ApiResponse first = editor.post("/api/v1/leads", json(Map.of("firstName", "Grace", "emails",
                List.of("grace@navy.mil"), "tags", List.of("navy"), "source", "conference",
                "customFields", Map.of("rank", "Commander"),
                "consent", Map.of("email", Map.of("state", "opted_in", "at", "2026-01-01T00:00:00Z")))));
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        String id = first.json().get("id").asText();

        ApiResponse merged = editor.post("/api/v1/leads", json(Map.of("firstName", "Gracie", "lastName", "Hopper",
                "emails", List.of(" grace@NAVY.MIL", "hopper@cobol.org"), "phones", List.of("+1 650 253 0010"),
                "tags", List.of("cobol", "navy"), "source", "import",
                "customFields", Map.of("rank", "Admiral", "language", "COBOL"),
                "consent", Map.of("email", Map.of("state", "opted_out", "at", "2025-06-01T00:00:00Z")))));
        assertThat(merged.status()).as(merged.body()).isEqualTo(200);
        JsonNode lead = merged.json();
        assertThat(lead.get("merged").asBoolean()).isTrue();
        assertThat(lead.get("id").asText()).isEqualTo(id);
        assertThat(lead.get("firstName").asText()).isEqualTo("Grace");
        assertThat(lead.get("lastName").asText()).isEqualTo("Hopper");
        assertThat(lead.get("source").asText()).isEqualTo("conference");
        assertThat(texts(lead.get("emails"))).containsExactly("grace@navy.mil", "hopper@cobol.org");
        assertThat(texts(lead.get("phones"))).containsExactly("+16502530010");
        assertThat(texts(lead.get("tags"))).containsExactly("navy", "cobol");
        assertThat(lead.get("customFields").get("rank").asText()).isEqualTo("Commander");
        assertThat(lead.get("customFields").get("language").asText()).isEqualTo("COBOL");
        // an older consent does not replace a newer one
        assertThat(lead.get("consent").get("email").get("state").asText()).isEqualTo("opted_in");

        ApiResponse overwritten = editor.post("/api/v1/leads", json(Map.of("firstName", "Amazing Grace",
                "emails", List.of("hopper@cobol.org"), "merge", "overwrite", "customFields", Map.of("rank", "Admiral"),
                "consent", Map.of("email", Map.of("state", "opted_out", "at", "2026-02-01T00:00:00Z")))));
        assertThat(overwritten.status()).as(overwritten.body()).isEqualTo(200);
        assertThat(overwritten.json().get("id").asText()).isEqualTo(id);
        assertThat(overwritten.json().get("firstName").asText()).isEqualTo("Amazing Grace");
        assertThat(overwritten.json().get("lastName").asText()).isEqualTo("Hopper");
        assertThat(overwritten.json().get("customFields").get("rank").asText()).isEqualTo("Admiral");
        assertThat(overwritten.json().get("consent").get("email").get("state").asText()).isEqualTo("opted_out");

        List<JsonNode> trail = auditOf(id);
        assertThat(trail).extracting(row -> row.get("action").asText())
                .containsExactly("lead.merged", "lead.merged", "lead.created");
        assertThat(texts(trail.get(1).get("detail").get("fields")))
                .contains("lastName", "emails", "phones", "tags", "customFields")
                .doesNotContain("firstName", "source", "consent");
        assertThat(trail.get(0).get("detail").get("mode").asText()).isEqualTo("overwrite");
    }

    @Test
    void theSamePhoneWrittenDifferentlyMergesToo() {
        ApiResponse first = editor.post("/api/v1/leads", json(Map.of("lastName", "Babbage",
                "phones", List.of("+1 (650) 253-0011"))));
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        ApiResponse second = editor.post("/api/v1/leads", json(Map.of("firstName", "Charles",
                "phones", List.of("650.253.0011"), "emails", List.of("charles@engines.org"))));
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        assertThat(second.json().get("merged").asBoolean()).isTrue();
        assertThat(second.json().get("id").asText()).isEqualTo(first.json().get("id").asText());
        assertThat(second.json().get("firstName").asText()).isEqualTo("Charles");
        assertThat(texts(second.json().get("phones"))).containsExactly("+16502530011");
        assertThat(texts(second.json().get("emails"))).containsExactly("charles@engines.org");

        // a patch cannot take another lead's number: leads stay unique by contact
        ApiResponse other = editor.post("/api/v1/leads", json(Map.of("phones", List.of("+16502530012"))));
        ApiResponse stolen = editor.patch("/api/v1/leads/" + other.json().get("id").asText(),
                json(Map.of("phones", List.of("+16502530012", "(650) 253-0011"))));
        assertThat(stolen.status()).as(stolen.body()).isEqualTo(409);
        assertThat(stolen.json().get("pointer").asText()).isEqualTo("/phones/1");
    }

    @Test
    void invalidFieldsAre422WithJsonPointers() {
        ApiResponse badEmail = editor.post("/api/v1/leads", json(Map.of("emails", List.of("ok@example.org", "not-an-email"))));
        assertThat(badEmail.status()).isEqualTo(422);
        assertThat(badEmail.contentType()).startsWith("application/problem+json");
        assertThat(badEmail.json().get("errors").get(0).get("pointer").asText()).isEqualTo("/emails/1");
        assertThat(badEmail.body()).doesNotContain("not-an-email");

        ApiResponse badPhone = editor.post("/api/v1/leads", json(Map.of("phones", List.of("+16502530020", "12345"))));
        assertThat(badPhone.status()).isEqualTo(422);
        assertThat(badPhone.json().get("errors").get(0).get("pointer").asText()).isEqualTo("/phones/1");

        ApiResponse badStatus = editor.post("/api/v1/leads", json(Map.of("lastName", "X", "status", "hot")));
        assertThat(badStatus.status()).isEqualTo(422);
        assertThat(badStatus.json().get("errors").get(0).get("pointer").asText()).isEqualTo("/status");

        ApiResponse badConsent = editor.post("/api/v1/leads", json(Map.of("consent",
                Map.of("sms", Map.of("state", "maybe")))));
        assertThat(badConsent.json().get("errors").get(0).get("pointer").asText()).isEqualTo("/consent/sms/state");
        ApiResponse unknownChannel = editor.post("/api/v1/leads", json(Map.of("consent",
                Map.of("fax", Map.of("state", "opted_in")))));
        assertThat(unknownChannel.json().get("errors").get(0).get("pointer").asText()).isEqualTo("/consent/fax");
        ApiResponse unknownField = editor.post("/api/v1/leads", json(Map.of("nickname", "x")));
        assertThat(unknownField.status()).isEqualTo(422);
        assertThat(unknownField.json().get("errors").get(0).get("pointer").asText()).isEqualTo("/nickname");
        ApiResponse unknownOwner = editor.post("/api/v1/leads", json(Map.of("owner", java.util.UUID.randomUUID().toString())));
        assertThat(unknownOwner.json().get("errors").get(0).get("pointer").asText()).isEqualTo("/owner");

        ApiResponse created = editor.post("/api/v1/leads", json(Map.of("lastName", "Valid")));
        String id = created.json().get("id").asText();
        ApiResponse badPatch = editor.patch("/api/v1/leads/" + id, json(Map.of("phones", List.of("+16502530021", "nope"))));
        assertThat(badPatch.status()).isEqualTo(422);
        assertThat(badPatch.json().get("errors").get(0).get("pointer").asText()).isEqualTo("/phones/1");
        assertThat(editor.get("/api/v1/leads?status=hot").status()).isEqualTo(400);
        assertThat(editor.get("/api/v1/leads?after=garbage").status()).isEqualTo(400);
    }

    @Test
    void viewersReadButCannotWrite() {
        ApiResponse created = editor.post("/api/v1/leads", json(Map.of("lastName", "Readonly")));
        String id = created.json().get("id").asText();
        assertThat(viewer.post("/api/v1/leads", json(Map.of("lastName", "Nope"))).status()).isEqualTo(403);
        assertThat(viewer.patch("/api/v1/leads/" + id, "{\"status\":\"won\"}").status()).isEqualTo(403);
        assertThat(viewer.delete("/api/v1/leads/" + id).status()).isEqualTo(403);
        assertThat(viewer.get("/api/v1/leads/" + id).status()).isEqualTo(200);
        assertThat(viewer.get("/api/v1/leads").status()).isEqualTo(200);
        assertThat(kernel.anonymous().get("/api/v1/leads").status()).isEqualTo(401);
        assertThat(editor.get("/api/v1/leads/" + id).json().get("status").asText()).isEqualTo("new");
        assertThat(editor.get("/api/v1/leads/not-a-uuid").status()).isEqualTo(404);
    }

    @Test
    void liveEventsCarryTheIdOnly() throws Exception {
        List<LiveEvent> seen = new CopyOnWriteArrayList<>();
        AutoCloseable subscription = kernel.kernel().events().subscribe(event -> {
            if ("leads".equals(event.topic())) {
                seen.add(event);
            }
        });
        try {
            String id = editor.post("/api/v1/leads", json(Map.of("firstName", "Evelyn", "emails",
                    List.of("evelyn@events.test")))).json().get("id").asText();
            editor.patch("/api/v1/leads/" + id, "{\"status\":\"qualified\"}");
            editor.delete("/api/v1/leads/" + id);
            assertThat(seen).extracting(LiveEvent::type).containsExactly("lead.created", "lead.updated", "lead.deleted");
            assertThat(seen).allSatisfy(event -> assertThat(event.data()).isEqualTo(Map.of("id", id)));
        } finally {
            subscription.close();
        }
    }
}
