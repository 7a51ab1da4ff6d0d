package io.leadflow.kernel.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.leadflow.kernel.audit.Actor;
import io.leadflow.kernel.audit.AuditLog;
import io.leadflow.kernel.crypto.BlindIndex;
import io.leadflow.kernel.crypto.Keyring;
import io.leadflow.kernel.crypto.MasterKey;
import io.leadflow.kernel.http.Json;
import io.leadflow.kernel.lead.LeadService;
import io.leadflow.kernel.realtime.EventBus;
import io.leadflow.kernel.store.Store;
import io.leadflow.kernel.testing.ApiClient;
import io.leadflow.kernel.testing.ApiResponse;
import io.leadflow.kernel.testing.TestKernel;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Lead search benchmark, run by hand (not a test). Seeds N leads through the HTTP API of a real
 * kernel, {@code POST /api/v1/leads/import} (NDJSON; per lead: validation, normalisation, dedupe
 * lookup, AES-GCM encryption, blind-index and word tokens, an audit row), then times 1,000 random
 * searches of each kind through {@code GET /api/v1/leads} (token auth, the audit row of every
 * search, decryption, JSON), one at a time, and prints p50/p95/p99 with the machine's load.
 *
 * <p>Arguments: {@code N} (default 1,000,000), optionally a directory to keep PostgreSQL's data in
 * (a second run on the same directory seeds only what is missing, so it just measures), and
 * {@code --search-only} to refuse to seed at all. See the README's benchmark section.
 */
public final class LeadSearchBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int QUERIES = 1000;
    private static final int IMPORT_ROWS = 10_000;
    private static final String[] TAGS = {"vip", "newsletter", "webinar", "trial", "partner", "event", "cold", "warm",
        "hot", "churned", "enterprise", "smb", "startup", "agency", "referral", "ads", "seo", "social", "inbound",
        "outbound"};
    private static final String[] STATUSES = {"new", "contacted", "qualified", "won", "lost"};
    private static final String[] SOURCES = {"web-form", "import", "webinar", "referral", "ads"};
    private static final String[] AREAS = {"202", "212", "213", "305", "312", "415", "512", "617", "650", "702", "713",
        "718", "805", "818", "901", "914", "972", "206", "303", "404"};
    private static final String[] SYLLABLES = {"ka", "lo", "mi", "ra", "ne", "to", "sa", "vi", "de", "gor", "an", "el",
        "bru", "chi", "fa", "jo", "lu", "mar", "nor", "pe", "qui", "ros", "sten", "tha", "ul", "ver", "wyn", "xa", "yor",
        "zen", "ha", "is", "ob", "ell", "ard", "ton", "ley", "son", "berg", "ski"};
    private static final String[] FIRST = names(400, 2, 1);
    private static final String[] LAST = names(3000, 3, 2);
    private static final String[] COMPANY = names(5000, 2, 3);
    private static final String[] COMPANY_SUFFIX = {"Labs", "Systems", "Partners", "Group", "Works", "Holdings"};

    private LeadSearchBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<String> arguments = new ArrayList<>(List.of(args));
        boolean searchOnly = arguments.remove("--search-only");
        int total = arguments.size() > 0 ? Integer.parseInt(arguments.get(0)) : 1_000_000;
        Optional<Path> pgData = arguments.size() > 1 ? Optional.of(Path.of(arguments.get(1))) : Optional.empty();
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setServerConfig("shared_buffers", "1GB")
                .setServerConfig("max_wal_size", "8GB")
                .setServerConfig("checkpoint_timeout", "30min")
                .setServerConfig("max_connections", "100");
        if (pgData.isPresent()) {
            Files.createDirectories(pgData.get());
            builder.setDataDirectory(pgData.get()).setCleanDataDirectory(false);
        }
        try (EmbeddedPostgres postgres = builder.start()) {
            String url = postgres.getJdbcUrl("postgres", "postgres");
            try (TestKernel kernel = TestKernel.startOn(url, Map.of("LEADFLOW_RATE_LIMIT_IP_PER_MINUTE", "100000000",
                    "LEADFLOW_RATE_LIMIT_TOKEN_PER_MINUTE", "100000000", "LEADFLOW_DB_POOL_SIZE", "10"))) {
                long existing = count(postgres, "SELECT count(*) FROM lead");
                if (existing < total) {
                    if (searchOnly) {
                        throw new IllegalStateException("--search-only, but the database holds " + existing
                                + " leads, not " + total);
                    }
                    seed(kernel, (int) existing, total);
                }
                // the steady state autovacuum reaches: statistics, and visibility maps for index-only scans
                count(postgres, "VACUUM ANALYZE");
                System.out.printf("leads=%d lead_search rows=%d lead_word rows=%d database size=%s%n",
                        count(postgres, "SELECT count(*) FROM lead"), count(postgres, "SELECT count(*) FROM lead_search"),
                        count(postgres, "SELECT count(*) FROM lead_word"),
                        text(postgres, "SELECT pg_size_pretty(pg_database_size(current_database()))"));
                measure(kernel.admin(), total);
            }
        }
    }

    /**
     * Seeds leads {@code from} to {@code total - 1} through {@code POST /api/v1/leads/import} (NDJSON,
     * {@value #IMPORT_ROWS} rows a request, two requests at a time), so each lead takes the API's
     * own path: validation, dedupe, encryption, tokens and an audit row, batched per transaction.
     */
    private static void seed(TestKernel kernel, int from, int total) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String token = kernel.admin().token();
        URI importUri = kernel.admin().base().resolve("/api/v1/leads/import");
        AtomicLong done = new AtomicLong(from);
        long started = System.nanoTime();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        List<Future<?>> work = new ArrayList<>();
        for (int chunkStart = from; chunkStart < total; chunkStart += IMPORT_ROWS) {
            int first = chunkStart;
            int last = Math.min(total, chunkStart + IMPORT_ROWS);
            work.add(threads.submit(() -> {
                StringBuilder ndjson = new StringBuilder((last - first) * 400);
                for (int i = first; i < last; i++) {
                    ndjson.append(lead(i)).append('\n');
                }
                HttpRequest request = HttpRequest.newBuilder(importUri).timeout(Duration.ofMinutes(30))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/x-ndjson")
                        .POST(HttpRequest.BodyPublishers.ofString(ndjson.toString())).build();
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                JsonNode report = response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
                if (report == null || report.get("created").asLong() != last - first) {
                    throw new IllegalStateException("import of leads " + first + ".." + (last - 1) + ": "
                            + response.statusCode() + " " + response.body());
                }
                long now = done.addAndGet(last - first);
                double seconds = (System.nanoTime() - started) / 1e9;
                System.out.printf("seeded %d leads, %.0f leads/s, load %s%n", now, (now - from) / seconds, load());
                return null;
            }));
        }
        try {
            for (Future<?> one : work) {
                one.get();
            }
        } finally {
            threads.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("seeding: %d leads in %.0f s = %.0f leads/s%n", total - from, seconds,
                (total - from) / seconds);
    }

    /** The machine's load averages (1, 5, 15 minutes), to read the figures by. */
    static String load() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    static ObjectNode lead(int i) {
        ObjectNode lead = JSON.createObjectNode();
        lead.put("firstName", first(i)).put("lastName", last(i)).put("company", company(i));
        lead.putArray("emails").add(email(i));
        lead.putArray("phones").add(phone(i));
        lead.put("status", STATUSES[mix(i, 4) % STATUSES.length]);
        lead.put("source", SOURCES[mix(i, 5) % SOURCES.length]);
        var tags = lead.putArray("tags");
        int count = 1 + mix(i, 6) % 3;
        for (int t = 0; t < count; t++) {
            tags.add(TAGS[mix(i, 7 + t) % TAGS.length]);
        }
        lead.putObject("customFields").put("score", mix(i, 10) % 100);
        return lead;
    }

    static String first(int i) {
        return FIRST[mix(i, 1) % FIRST.length];
    }

    static String last(int i) {
        return LAST[mix(i, 2) % LAST.length];
    }

    static String company(int i) {
        return COMPANY[mix(i, 3) % COMPANY.length] + " " + COMPANY_SUFFIX[mix(i, 8) % COMPANY_SUFFIX.length];
    }

    static String email(int i) {
        return (first(i) + "." + last(i) + "." + i + "@mail" + (i % 50) + ".example").toLowerCase(Locale.ROOT);
    }

    /** Unique and valid per libphonenumber: 20 area codes x 640 exchanges (never N11) x the line number. */
    static String phone(int i) {
        int k = (i / AREAS.length) % 640;
        int exchange = (2 + k / 80) * 100 + 20 + k % 80;
        int line = 1000 + i / (AREAS.length * 640);
        return "+1" + AREAS[i % AREAS.length] + exchange + String.format("%04d", line);
    }

    private static void measure(ApiClient admin, int total) {
        Random random = new Random(42);
        Map<String, IntFunction<String>> kinds = new LinkedHashMap<>();
        kinds.put("exact email", j -> "email=" + enc(email(j)));
        kinds.put("exact phone", j -> "phone=" + enc(phone(j)));
        kinds.put("name prefix", j -> "q=" + enc(prefix(last(j), 3 + j % 4)));
        kinds.put("tag + status", j -> "tag=" + TAGS[j % TAGS.length] + "&status=" + STATUSES[j % STATUSES.length]);
        kinds.put("combined", j -> "q=" + enc(prefix(first(j), 3 + j % 3)) + "&tag=" + TAGS[j % TAGS.length]
                + "&status=" + STATUSES[(j / 7) % STATUSES.length]);
        System.out.printf("%d random queries per kind over %d leads; load before: %s%n", QUERIES, total, load());
        System.out.printf("%-13s %8s %8s %8s %8s %8s %10s%n", "query", "p50 ms", "p95 ms", "p99 ms", "max ms", "mean ms",
                "avg hits");
        for (Map.Entry<String, IntFunction<String>> kind : kinds.entrySet()) {
            for (int w = 0; w < 100; w++) {
                admin.get("/api/v1/leads?" + kind.getValue().apply(random.nextInt(total)));
            }
            List<Long> nanos = new ArrayList<>();
            long hits = 0;
            for (int q = 0; q < QUERIES; q++) {
                String query = kind.getValue().apply(random.nextInt(total));
                long start = System.nanoTime();
                ApiResponse response = admin.get("/api/v1/leads?" + query);
                nanos.add(System.nanoTime() - start);
                if (response.status() != 200) {
                    throw new IllegalStateException(query + " -> " + response.status() + " " + response.body());
                }
                hits += response.json().get("items").size();
            }
            Collections.sort(nanos);
            System.out.printf("%-13s %8.1f %8.1f %8.1f %8.1f %8.1f %10.1f%n", kind.getKey(), pct(nanos, 50),
                    pct(nanos, 95), pct(nanos, 99), nanos.get(nanos.size() - 1) / 1e6,
                    nanos.stream().mapToLong(Long::longValue).average().orElse(0) / 1e6, hits / (double) QUERIES);
        }
        System.out.printf("load after: %s%n", load());
    }

    private static String[] names(int count, int syllables, long seed) {
        Random random = new Random(seed);
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        while (names.size() < count) {
            StringBuilder name = new StringBuilder();
            int length = syllables + random.nextInt(2);
            for (int s = 0; s < length; s++) {
                name.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
            }
            names.add(Character.toUpperCase(name.charAt(0)) + name.substring(1));
        }
        return names.toArray(String[]::new);
    }

    private static int mix(int i, int salt) {
        long x = i * 0x9E3779B97F4A7C15L + salt * 0xBF58476D1CE4E5B9L;
        x = (x ^ (x >>> 31)) * 0x94D049BB133111EBL;
        return (int) ((x ^ (x >>> 29)) & 0x7fffffff);
    }

    private static String prefix(String word, int length) {
        return word.substring(0, Math.min(word.length(), length));
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static double pct(List<Long> sorted, int percent) {
        int index = Math.min(sorted.size() - 1, (int) Math.ceil(percent / 100.0 * sorted.size()) - 1);
        return sorted.get(Math.max(0, index)) / 1e6;
    }

    private static long count(EmbeddedPostgres postgres, String sql) throws Exception {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            if (!statement.execute(sql)) {
                return 0;
            }
            try (ResultSet rows = statement.getResultSet()) {
                return rows.next() ? rows.getLong(1) : 0;
            }
        }
    }

    private static String text(EmbeddedPostgres postgres, String sql) throws Exception {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : null;
        }
    }
}
