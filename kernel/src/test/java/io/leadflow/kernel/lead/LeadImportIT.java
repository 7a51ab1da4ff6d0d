package io.leadflow.kernel.lead;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadflow.kernel.testing.ApiClient;
import io.leadflow.kernel.testing.ApiResponse;
import io.leadflow.kernel.testing.RawDatabase;
import io.leadflow.kernel.testing.TestKernel;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bulk import from CSV, a JSON array and NDJSON: bad rows reported one by one, good rows kept. */
class LeadImportIT {
    private static final int TEN_MB = 10 * 1024 * 1024;
    private static TestKernel kernel;
    private static ApiClient editor;

    @BeforeAll
    static void start() {
        kernel = TestKernel.start();
        editor = kernel.userWithRole("ivy-importer", "editor");
    }

    @AfterAll
    static void stop() {
        kernel.close();
    }

    /** A body streamed in parts, so the 10 MB line never exists as one string in the test either. */
    private static InputStream stream(String before, char filler, int fillerBytes, String after) {
        InputStream huge = new InputStream() {
            private int left = fillerBytes;

            @Override
            public int read() {
                return left-- > 0 ? filler : -1;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                if (left <= 0) {
                    return -1;
                }
                int n = Math.min(length, left);
                java.util.Arrays.fill(buffer, offset, offset + n, (byte) filler);
                left -= n;
                return n;
            }
        };
        return new SequenceInputStream(Collections.enumeration(List.of(
                new ByteArrayInputStream(before.getBytes(StandardCharsets.UTF_8)), huge,
                new ByteArrayInputStream(after.getBytes(StandardCharsets.UTF_8)))));
    }

    private static List<String> errors(JsonNode report) {
        List<String> all = new ArrayList<>();
        report.get("errors").forEach(error -> all.add(error.get("row").asLong() + "|"
                + (!error.hasNonNull("field") ? "-" : error.get("field").asText()) + "|" + error.get("reason").asText()));
        return all;
    }

    private static long count(String query) {
        ApiResponse found = editor.get("/api/v1/leads?" + query);
        assertThat(found.status()).as(found.body()).isEqualTo(200);
        return found.json().get("items").size();
    }

    @Test
    void csvWithMalformedRowsReportsEachAndImportsTheRest() throws Exception {
        String head = "First Name,last_name,company,email,phone,tags,status,customFields.plan,consent.email,favourite\r\n"
                + "Grace,Hopper,Navy,grace@import.example,+1 202 555 0101,navy;cobol,qualified,pro,opted_in,\r\n"
                + "Bad,Email,,not-an-email,,,,,,\r\n"
                + "Bad,Phone,,,12,,,,,\n"
                + "Unknown,Field,,unknown@import.example,,,,,,green\n"
                + "\"Quoted, Name\",Line,\"Say \"\"hi\"\"\",quoted@import.example,,,,\"Multi\nLine\",,\n"
                + "Huge,Line,,huge@import.example,,";
        String tail = ",,,,\n"
                + "Too,Many,,many@import.example,,,,,,,extra\n"
                + "Linus,Torvalds,,linus@import.example,(202) 555-0102,kernel,,,,\n"
                + "Grace,,,grace@IMPORT.Example,,vip,,,,\n";
        ApiResponse response = editor.postChunked("/api/v1/leads/import", "text/csv; charset=utf-8",
                () -> stream(head, 'x', TEN_MB, tail));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode report = response.json();
        assertThat(report.get("rows").asLong()).isEqualTo(9);
        assertThat(report.get("created").asLong()).as(response.body()).isEqualTo(3);
        assertThat(report.get("merged").asLong()).isEqualTo(1);
        assertThat(report.get("failed").asLong()).isEqualTo(5);
        List<String> errors = errors(report);
        assertThat(errors).hasSize(5);
        assertThat(errors.get(0)).startsWith("3|email|").contains("not an email address");
        assertThat(errors.get(1)).startsWith("4|phone|").contains("not a valid phone number");
        assertThat(errors.get(2)).startsWith("5|favourite|").contains("unknown field");
        assertThat(errors.get(3)).startsWith("7|-|").contains("longer than");
        assertThat(errors.get(4)).startsWith("8|column 11|").contains("unknown field");
        // no value of a bad row is echoed back
        assertThat(response.body()).doesNotContain("not-an-email", "green", "xxxxxxxx");

        JsonNode grace = editor.get("/api/v1/leads?email=grace@import.example").json().get("items").get(0);
        assertThat(grace.get("firstName").asText()).isEqualTo("Grace");
        assertThat(grace.get("phones").get(0).asText()).isEqualTo("+12025550101");
        assertThat(grace.get("tags").toString()).contains("navy", "cobol", "vip");
        assertThat(grace.get("status").asText()).isEqualTo("qualified");
        assertThat(grace.get("customFields").get("plan").asText()).isEqualTo("pro");
        assertThat(grace.get("consent").get("email").get("state").asText()).isEqualTo("opted_in");
        assertThat(grace.get("consent").get("email").get("source").asText()).isEqualTo("import");
        JsonNode quoted = editor.get("/api/v1/leads?email=quoted@import.example").json().get("items").get(0);
        assertThat(quoted.get("firstName").asText()).isEqualTo("Quoted, Name");
        // a quoted newline survives the CSV reader; it lands in a custom field, names are one line (TextInput)
        assertThat(quoted.get("customFields").get("plan").asText()).isEqualTo("Multi\nLine");
        assertThat(quoted.get("company").asText()).isEqualTo("Say \"hi\"");
        assertThat(count("phone=%2B12025550102")).isEqualTo(1);
        assertThat(count("email=unknown@import.example")).isZero();
        assertThat(count("email=huge@import.example")).isZero();
        assertThat(count("email=many@import.example")).isZero();

        // each good row is audited like a POST, and the import as a whole too
        JsonNode audit = kernel.admin().get("/api/v1/audit?action=lead.imported").json().get("items").get(0);
        assertThat(audit.get("detail").get("created").asLong()).isEqualTo(3);
        assertThat(audit.get("detail").get("failed").asLong()).isEqualTo(5);
        assertThat(audit.get("actorName").asText()).isEqualTo("ivy-importer");
        String createdId = grace.get("id").asText();
        JsonNode trail = kernel.admin().get("/api/v1/audit?targetType=lead&targetId=" + createdId).json();
        assertThat(trail.toString()).contains("lead.created", "lead.merged");
    }

    @Test
    void jsonArrayAndNdjsonReportBadRecordsByNumber() {
        String array = "[{\"firstName\":\"Ada\",\"emails\":[\"ada@array.example\"]},"
                + " {\"firstName\":\"Bad\",\"phones\":[\"+1 000\"]},\n"
                + "{\"firstName\":\"Odd\",\"shoeSize\":44},"
                + "{\"firstName\": \"Broken\" \"lastName\": 1},"
                + "\"just a string\","
                + "{\"firstName\":\"Brace } in ] a \\\" string\",\"emails\":[\"brace@array.example\"]}]";
        ApiResponse response = editor.send("POST", "/api/v1/leads/import", "application/json",
                array.getBytes(StandardCharsets.UTF_8));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        List<String> errors = errors(response.json());
        assertThat(response.json().get("created").asLong()).isEqualTo(2);
        assertThat(errors).hasSize(4);
        assertThat(errors.get(0)).startsWith("2|phones/0|");
        assertThat(errors.get(1)).startsWith("3|shoeSize|").contains("unknown field");
        assertThat(errors.get(2)).startsWith("4|-|not valid JSON");
        assertThat(errors.get(3)).startsWith("5|-|").contains("JSON object");
        assertThat(editor.get("/api/v1/leads?email=brace@array.example").json().get("items").get(0)
                .get("firstName").asText()).isEqualTo("Brace } in ] a \" string");

        String ndjson = "{\"firstName\":\"Nd\",\"emails\":[\"nd@lines.example\"]}\n\n"
                + "{\"emails\":[\"@nope\"]}\n";
        ApiResponse lines = editor.postChunked("/api/v1/leads/import", "application/x-ndjson",
                () -> stream(ndjson + "{\"firstName\":\"", 'y', TEN_MB, "\"}\n{\"firstName\":\"After\"}\n"));
        assertThat(lines.status()).as(lines.body()).isEqualTo(200);
        assertThat(lines.json().get("created").asLong()).isEqualTo(2);
        assertThat(errors(lines.json())).satisfiesExactly(
                e -> assertThat(e).startsWith("3|emails/0|"),
                e -> assertThat(e).startsWith("4|-|").contains("longer than"));
    }

    @Test
    void aLargeImportGoesInBatchesYetEachRowIsDedupedRefusedAndAuditedAlone() throws Exception {
        ApiClient bulk = kernel.userWithRole("bea-bulk", "editor");
        StringBuilder ndjson = new StringBuilder();
        for (int i = 0; i < 1200; i++) {
            String email = switch (i) {
                case 10 -> "bulk5@batch.example"; // merges into a lead of its own batch
                case 520 -> "bulk480@batch.example"; // merges into a lead of the batch before
                case 900 -> "nope";
                default -> "bulk" + i + "@batch.example";
            };
            ndjson.append("{\"firstName\":\"Bulkrow\",\"lastName\":\"Row").append(i).append("\",\"emails\":[\"")
                    .append(email).append("\"],\"tags\":[\"bulk\"]")
                    .append(i == 700 ? ",\"owner\":\"" + java.util.UUID.randomUUID() + "\"" : "").append("}\n");
        }
        ApiResponse response = bulk.send("POST", "/api/v1/leads/import", "application/x-ndjson",
                ndjson.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode report = response.json();
        assertThat(report.get("rows").asLong()).isEqualTo(1200);
        assertThat(report.get("created").asLong()).isEqualTo(1196);
        assertThat(report.get("merged").asLong()).isEqualTo(2);
        assertThat(errors(report)).satisfiesExactly(
                e -> assertThat(e).startsWith("701|owner|").contains("existing user"),
                e -> assertThat(e).startsWith("901|emails/0|"));
        assertThat(count("email=bulk700@batch.example")).isZero();

        // one lead.created row per created lead and one lead.merged per merge, and the chain still holds
        assertThat(RawDatabase.value(kernel, "SELECT count(*) FROM audit_log WHERE actor_name = 'bea-bulk' "
                + "AND action = 'lead.created'")).isEqualTo("1196");
        assertThat(RawDatabase.value(kernel, "SELECT count(*) FROM audit_log WHERE actor_name = 'bea-bulk' "
                + "AND action = 'lead.merged'")).isEqualTo("2");
        assertThat(kernel.admin().get("/api/v1/audit/verify").json().get("valid").asBoolean()).isTrue();

        // rows keep their order: the last row is the newest lead, found by name like one made by POST
        JsonNode newest = bulk.get("/api/v1/leads?q=bulkrow&limit=2").json().get("items");
        assertThat(newest.get(0).get("lastName").asText()).isEqualTo("Row1199");
        assertThat(newest.get(1).get("lastName").asText()).isEqualTo("Row1198");
        assertThat(count("q=row480&tag=bulk")).isEqualTo(1);
        // a merge keeps the existing lead's values ("keep" mode): row 520 left row 480's name
        assertThat(bulk.get("/api/v1/leads?email=bulk480@batch.example").json().get("items").get(0)
                .get("lastName").asText()).isEqualTo("Row480");
        assertThat(count("q=row520")).isZero();
    }

    @Test
    void viewersCannotImportAndAnEmptyCsvIsABadRequest() {
        ApiClient viewer = kernel.userWithRole("vince-viewer", "viewer");
        assertThat(viewer.send("POST", "/api/v1/leads/import", "text/csv", "firstName\nX\n".getBytes(StandardCharsets.UTF_8))
                .status()).isEqualTo(403);
        ApiResponse empty = editor.send("POST", "/api/v1/leads/import", "text/csv", new byte[0]);
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.contentType()).startsWith("application/problem+json");
        assertThat(editor.send("POST", "/api/v1/leads/import", "text/plain", "x".getBytes(StandardCharsets.UTF_8))
                .status()).isEqualTo(415);
    }
}
