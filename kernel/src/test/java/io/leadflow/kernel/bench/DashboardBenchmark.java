package io.leadflow.kernel.bench;

import io.leadflow.kernel.testing.ApiClient;
import io.leadflow.kernel.testing.ApiResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Dashboard benchmark, run by hand (not a test; {@code DashboardIT} keeps a 10,000-row budget check).
 * Seeds N leads and M executions over the last 29 days straight into a real kernel's fresh
 * database (the kernel as shipped, durable: see ShippedKernel; the dashboard only counts rows,
 * so the leads are anonymous tombstone-like rows and the executions have no node runs), then times {@code GET /api/v1/dashboard} per range through the
 * HTTP API (token auth, three counting queries, JSON), one at a time, and prints p50/p95/max, the
 * machine's load and the query plans.
 *
 * <p>Arguments: {@code N} leads (default 10,000), {@code M} executions (default 10,000), the number
 * of reads per range (default 200).
 * <pre>
 * mvn -B -q -pl kernel dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/tmp/cp.txt
 * cd kernel &amp;&amp; java -cp target/test-classes:target/classes:$(cat /tmp/cp.txt) \
 *     io.leadflow.kernel.bench.DashboardBenchmark 10000 10000 200
 * </pre>
 */
public final class DashboardBenchmark {
    private DashboardBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int leads = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int executions = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int reads = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        // the kernel as shipped (its own durable embedded PostgreSQL unless BENCH_DATABASE says otherwise)
        try (ShippedKernel kernel = ShippedKernel.start(Map.of("LEADFLOW_RATE_LIMIT_IP_PER_MINUTE", "100000000",
                "LEADFLOW_RATE_LIMIT_TOKEN_PER_MINUTE", "100000000"))) {
            long seeding = System.nanoTime();
            seed(kernel.databaseUrl(), leads, executions, 20);
            System.out.printf("seeded %d leads, %d executions in %.1f s%n", leads, executions,
                    (System.nanoTime() - seeding) / 1e9);
            // the figures are for the configuration users run: say what the database flushes
            System.out.println("database durability: " + kernel.admin().get("/api/v1/health").json()
                    .path("database").path("durability"));
            ApiClient viewer = viewer(kernel.admin());
            for (String range : List.of("24h", "7d", "30d")) {
                for (int i = 0; i < 20; i++) {
                    read(viewer, range); // warm-up: JIT, cached plans, pages in memory
                }
                double[] millis = new double[reads];
                String body = "";
                for (int i = 0; i < reads; i++) {
                    long started = System.nanoTime();
                    body = read(viewer, range);
                    millis[i] = (System.nanoTime() - started) / 1e6;
                }
                Arrays.sort(millis);
                System.out.printf("range=%s reads=%d p50=%.1f ms p95=%.1f ms max=%.1f ms answer=%d bytes load %s%n",
                        range, reads, millis[reads / 2], millis[(int) (reads * 0.95)], millis[reads - 1],
                        body.length(), LeadSearchBenchmark.load());
            }
            printPlans(kernel.databaseUrl());
        }
    }

    /** A viewer, the least role that may read the dashboard. */
    private static ApiClient viewer(ApiClient admin) {
        String password = "password-of-dashboard-benchmark";
        ApiResponse created = admin.post("/api/v1/users",
                "{\"username\":\"dashboard-benchmark\",\"password\":\"" + password + "\",\"role\":\"viewer\"}");
        ApiResponse login = new ApiClient(admin.base(), null).post("/api/v1/auth/login",
                "{\"username\":\"dashboard-benchmark\",\"password\":\"" + password + "\"}");
        if (created.status() != 201 || login.status() != 200) {
            throw new IllegalStateException("viewer: " + created.body() + " " + login.body());
        }
        return admin.withToken(login.json().get("token").asText());
    }

    private static String read(ApiClient client, String range) {
        ApiResponse response = client.get("/api/v1/dashboard?range=" + range);
        if (response.status() != 200) {
            throw new IllegalStateException(range + ": " + response.status() + " " + response.body());
        }
        return response.body();
    }

    /**
     * Adds {@code workflows} workflows, {@code leads} leads and {@code executions} executions (80 %
     * succeeded, 10 % failed, 4 % running, 4 % waiting, 2 % canceled) at random moments of the last
     * 29 days, then VACUUM ANALYZE, the steady state autovacuum reaches.
     */
    public static void seed(String databaseUrl, int leads, int executions, int workflows) throws SQLException {
        List<String> names = new java.util.ArrayList<>();
        for (int i = 1; i <= workflows; i++) {
            names.add("Benchmark workflow " + i);
        }
        seed(databaseUrl, leads, executions, names);
    }

    /** As {@link #seed(String, int, int, int)}, with workflows of these names. */
    public static void seed(String databaseUrl, int leads, int executions, List<String> workflows) throws SQLException {
        try (Connection connection = DriverManager.getConnection(databaseUrl, "postgres", null);
             Statement sql = connection.createStatement()) {
            java.sql.Array names = connection.createArrayOf("text", workflows.toArray());
            try (java.sql.PreparedStatement insert = connection.prepareStatement("INSERT INTO workflow "
                    + "(id, name, latest_version) SELECT gen_random_uuid(), name, 1 FROM unnest(?::text[]) name")) {
                insert.setArray(1, names);
                insert.executeUpdate();
            }
            sql.execute("INSERT INTO lead (id, source, created_at, updated_at) SELECT gen_random_uuid(), 'benchmark', "
                    + "at, at FROM (SELECT now() - random() * interval '29 days' AS at FROM generate_series(1, "
                    + leads + ")) s");
            try (java.sql.PreparedStatement insert = connection.prepareStatement("""
                    WITH flows AS (SELECT array_agg(id) AS ids FROM workflow WHERE name = ANY (?::text[]))
                    INSERT INTO execution (id, workflow_id, workflow_version, status, mode, trigger_node, started_at,
                                           finished_at)
                    SELECT gen_random_uuid(), flows.ids[1 + floor(random() * array_length(flows.ids, 1))::int], 1,
                           s.status, 'manual', 'start', s.at,
                           CASE WHEN s.status IN ('succeeded', 'failed', 'canceled') THEN s.at + interval '2 seconds' END
                    FROM flows, (SELECT now() - random() * interval '29 days' AS at,
                                        CASE WHEN r < 0.80 THEN 'succeeded' WHEN r < 0.90 THEN 'failed'
                                             WHEN r < 0.94 THEN 'running' WHEN r < 0.98 THEN 'waiting'
                                             ELSE 'canceled' END AS status
                                 FROM (SELECT random() AS r FROM generate_series(1, ?)) g) s
                    """)) {
                insert.setArray(1, names);
                insert.setInt(2, executions);
                insert.executeUpdate();
            }
            sql.execute("VACUUM ANALYZE lead");
            sql.execute("VACUUM ANALYZE execution");
            sql.execute("VACUUM ANALYZE workflow");
        }
    }

    /** EXPLAIN ANALYZE of the three dashboard queries over the 24-hour and the 30-day window. */
    private static void printPlans(String databaseUrl) throws SQLException {
        List<String> queries = new java.util.ArrayList<>();
        for (String span : List.of("1 day", "30 days")) {
            String window = "now() - interval '" + span + "' AND %s < now() + interval '1 day'";
            queries.add("SELECT floor(extract(epoch FROM created_at) / 3600)::bigint AS slot, count(*) FROM lead "
                    + "WHERE created_at >= " + window.formatted("created_at") + " GROUP BY 1");
            queries.add("SELECT floor(extract(epoch FROM started_at) / 3600)::bigint AS slot, status, count(*) "
                    + "FROM execution WHERE started_at >= " + window.formatted("started_at") + " GROUP BY 1, 2");
            queries.add("SELECT e.workflow_id, w.name, count(*) AS failures, max(coalesce(e.finished_at, e.started_at)), "
                    + "count(*) OVER () FROM execution e JOIN workflow w ON w.id = e.workflow_id "
                    + "WHERE e.started_at >= " + window.formatted("e.started_at")
                    + " AND e.status = 'failed' AND w.deleted_at IS NULL GROUP BY e.workflow_id, w.name "
                    + "ORDER BY failures DESC LIMIT 10");
        }
        try (Connection connection = DriverManager.getConnection(databaseUrl, "postgres", null);
             Statement sql = connection.createStatement()) {
            for (String query : queries) {
                System.out.println("-- " + query);
                try (ResultSet plan = sql.executeQuery("EXPLAIN (ANALYZE, BUFFERS) " + query)) {
                    while (plan.next()) {
                        System.out.println("   " + plan.getString(1));
                    }
                }
            }
        }
    }
}
