package io.leadflow.kernel.lead;

import static io.leadflow.kernel.lead.LeadApiIT.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadflow.kernel.testing.ApiClient;
import io.leadflow.kernel.testing.ApiResponse;
import io.leadflow.kernel.testing.RawDatabase;
import io.leadflow.kernel.testing.TestKernel;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Searching leads through blind indexes and plain filters, keyset pages, and no plaintext at rest. */
class LeadSearchIT {
    private static final String[] FIRST = {"Augusta", "Grace", "Hedwig", "Katherine", "Radia"};
    private static final String[] LAST = {"Lovelace", "Hopper", "Kiesler", "Johnson", "Perlman"};
    private static final String[] COMPANY = {"Analytical Engines", "Remington Rand", "Frequency Hopping Ltd",
            "Langley Research", "Spanning Trees Inc"};
    private static final String[] STATUS = {"new", "contacted", "qualified"};
    private static final int COUNT = 25;

    private static TestKernel kernel;
    private static ApiClient admin;
    private static ApiClient editor;
    private static final List<String> ids = new ArrayList<>();

    @BeforeAll
    static void seed() {
        kernel = TestKernel.start();
        admin = kernel.admin();
        editor = kernel.userWithRole("sam-search", "editor");
        for (int i = 0; i < COUNT; i++) {
            ApiResponse created = editor.post("/api/v1/leads", json(Map.of(
                    "firstName", FIRST[i % 5], "lastName", LAST[(i / 5) % 5] + i, "company", COMPANY[(i + 2) % 5],
                    "emails", List.of(email(i)), "phones", List.of(String.format("+1 650 253 %04d", 100 + i)),
                    "status", STATUS[i % 3], "tags", i % 2 == 0 ? List.of("even", "t" + i) : List.of("odd"),
                    "source", i < 10 ? "ads" : "referral")));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            ids.add(created.json().get("id").asText());
        }
    }

    @AfterAll
    static void stop() {
        kernel.close();
    }

    private static String email(int i) {
        return "Person" + i + ".Surname@Mail" + i + ".example";
    }

    private static List<String> idsOf(ApiResponse response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        List<String> found = new ArrayList<>();
        response.json().get("items").forEach(item -> found.add(item.get("id").asText()));
        return found;
    }

    private static List<String> search(String query) {
        return idsOf(editor.get("/api/v1/leads?limit=200&" + query));
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void exactEmailAndPhone() {
        assertThat(search("email=" + enc(email(7)))).containsExactly(ids.get(7));
        assertThat(search("q=" + enc("  person7.Surname@MAIL7.EXAMPLE".replace("person7", "Person7"))))
                .containsExactly(ids.get(7));
        // the local part is case-sensitive by design: a different one is a different address
        assertThat(search("email=" + enc("person7.surname@mail7.example"))).isEmpty();
        assertThat(search("phone=" + enc("(650) 253-0112"))).containsExactly(ids.get(12));
        assertThat(search("q=" + enc("+1 650 253 0112"))).containsExactly(ids.get(12));
        assertThat(search("q=" + enc("650.253.0199"))).isEmpty();
        assertThat(search("q=" + enc("(650) 253-0112"))).containsExactly(ids.get(12));
        assertThat(editor.get("/api/v1/leads?email=nope").status()).isEqualTo(400);
    }

    @Test
    void nameAndCompanyPrefixes() {
        // first names cycle every 5 leads: Grace is 1, 6, 11, 16, 21
        assertThat(search("q=gra")).containsExactlyInAnyOrder(ids.get(1), ids.get(6), ids.get(11), ids.get(16),
                ids.get(21));
        // every word must match: Grace (1,6,..) with last name Hopper* (5..9)
        assertThat(search("q=" + enc("gra hop"))).containsExactly(ids.get(6));
        // company words are prefixes too: "Remington Rand" is company of leads with (i + 2) % 5 == 1
        assertThat(search("q=" + enc("reming"))).containsExactlyInAnyOrder(ids.get(4), ids.get(9), ids.get(14),
                ids.get(19), ids.get(24));
        assertThat(search("q=" + enc("rand"))).hasSize(5);
        // a name word and a company word together
        assertThat(search("q=" + enc("Radia Remington"))).containsExactlyInAnyOrder(ids.get(4), ids.get(9),
                ids.get(14), ids.get(19), ids.get(24));
        assertThat(search("q=zzz")).isEmpty();
        // the last names carry the index: Lovelace0..Lovelace4 — "lovelace1" is a whole word of lead 1 only
        assertThat(search("q=lovelace1")).containsExactly(ids.get(1));
    }

    @Test
    void tagStatusSourceAndCombined() {
        List<String> evenQualified = new ArrayList<>();
        for (int i = COUNT - 1; i >= 0; i--) {
            if (i % 2 == 0 && i % 3 == 2) {
                evenQualified.add(ids.get(i));
            }
        }
        assertThat(search("tag=even&status=qualified")).containsExactlyElementsOf(evenQualified);
        assertThat(search("tag=even&tag=t8")).containsExactly(ids.get(8));
        assertThat(search("source=ads")).hasSize(10);
        // combined: Augusta (0,5,10,15,20), even, referral (10..) and a name prefix
        assertThat(search("q=aug&tag=even&source=referral")).containsExactly(ids.get(20), ids.get(10));
        assertThat(search("q=aug&tag=even&source=referral&status=contacted")).containsExactly(ids.get(10));
        assertThat(search("createdAfter=" + enc(Instant.now().plusSeconds(3600).toString()))).isEmpty();
        assertThat(search("createdBefore=" + enc(Instant.now().plusSeconds(3600).toString()))).hasSize(COUNT);
    }

    @Test
    void keysetPagesCoverEveryLeadOnceNewestFirst() {
        List<String> seen = new ArrayList<>();
        List<Instant> times = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            ApiResponse page = editor.get("/api/v1/leads?limit=10" + (next == null ? "" : "&after=" + enc(next)));
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            page.json().get("items").forEach(item -> {
                seen.add(item.get("id").asText());
                times.add(Instant.parse(item.get("createdAt").asText()));
            });
            JsonNode cursor = page.json().get("next");
            next = cursor == null || cursor.isNull() ? null : cursor.asText();
            pages++;
        } while (next != null && pages < 10);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(COUNT).doesNotHaveDuplicates();
        List<String> newestFirst = new ArrayList<>(ids);
        java.util.Collections.reverse(newestFirst);
        assertThat(seen).containsExactlyElementsOf(newestFirst);
        for (int i = 1; i < times.size(); i++) {
            assertThat(times.get(i)).isBeforeOrEqualTo(times.get(i - 1));
        }
        // a filtered search pages too
        ApiResponse first = editor.get("/api/v1/leads?tag=odd&limit=5");
        ApiResponse second = editor.get("/api/v1/leads?tag=odd&limit=5&after=" + enc(first.json().get("next").asText()));
        Set<String> odd = new LinkedHashSet<>(idsOf(first));
        odd.addAll(idsOf(second));
        assertThat(odd).hasSize(10);
        assertThat(idsOf(editor.get("/api/v1/leads?tag=odd&limit=5&after=" + enc(second.json().get("next").asText()))))
                .hasSize(2);
    }

    @Test
    void listCallsAreAuditedWithTheIdsReturned() {
        List<String> found = search("q=hed");
        assertThat(found).hasSize(5);
        JsonNode rows = admin.get("/api/v1/audit?action=lead.listed&limit=1").json().get("items");
        JsonNode row = rows.get(0);
        List<String> audited = new ArrayList<>();
        row.get("detail").get("ids").forEach(id -> audited.add(id.asText()));
        assertThat(audited).containsExactlyElementsOf(found);
        assertThat(row.get("detail").get("filters").toString()).contains("q").doesNotContain("hed");
        assertThat(row.get("actorName").asText()).isEqualTo("sam-search");
        assertThat(row.get("clientIp").asText()).isEqualTo("127.0.0.1");

        // a lead's own trail holds the searches that returned it, and only those
        long listing = row.get("id").asLong();
        List<Long> aboutFirst = new ArrayList<>();
        admin.get("/api/v1/audit?limit=500&leadId=" + found.get(0)).json().get("items")
                .forEach(item -> aboutFirst.add(item.get("id").asLong()));
        assertThat(aboutFirst).contains(listing);
        String other = ids.stream().filter(id -> !found.contains(id)).findFirst().orElseThrow();
        List<Long> aboutOther = new ArrayList<>();
        admin.get("/api/v1/audit?limit=500&leadId=" + other).json().get("items")
                .forEach(item -> aboutOther.add(item.get("id").asLong()));
        assertThat(aboutOther).doesNotContain(listing).isNotEmpty();
        assertThat(admin.get("/api/v1/audit?leadId=nope").status()).isEqualTo(400);
    }

    @Test
    void theDatabaseHoldsNoPlaintextNameEmailOrPhone() throws Exception {
        String leads = RawDatabase.dump(kernel, "lead");
        String tokens = RawDatabase.dump(kernel, "lead_search");
        String words = RawDatabase.dump(kernel, "lead_word");
        String audit = RawDatabase.dump(kernel, "audit_log");
        assertThat(leads).contains("v1:");
        assertThat(tokens.lines().count()).isGreaterThanOrEqualTo(COUNT * 2L);
        assertThat(words.lines().count()).isGreaterThan(COUNT * 10L);
        for (String table : List.of(leads, tokens, words, audit)) {
            String lower = table.toLowerCase(java.util.Locale.ROOT);
            for (int i = 0; i < COUNT; i++) {
                assertThat(lower).doesNotContain(email(i).toLowerCase(java.util.Locale.ROOT), "mail" + i + ".example",
                        "surname", String.format("6502530%03d", 100 + i), String.format("253 %04d", 100 + i));
            }
            // names are matched case-sensitively as written and lower-cased: base64 ciphertext is
            // mixed-case, so a case-insensitive match of five letters could occur by chance
            List<String> names = new ArrayList<>(List.of(FIRST));
            names.addAll(List.of(LAST));
            names.addAll(List.of("Analytical", "Remington", "Frequency", "Langley", "Spanning"));
            for (String name : names) {
                assertThat(table).doesNotContain(name, name.toLowerCase(java.util.Locale.ROOT));
            }
        }
    }
}
