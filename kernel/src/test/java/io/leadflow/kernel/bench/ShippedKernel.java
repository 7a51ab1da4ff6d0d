package io.leadflow.kernel.bench;

import io.leadflow.kernel.testing.ApiClient;
import io.leadflow.kernel.testing.KernelProcess;
import io.leadflow.kernel.testing.EmbeddedDatabaseFiles;
import io.leadflow.kernel.testing.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kernel as shipped, for the benchmarks: its own JVM started with the flags
 * {@code distribution/src/bin/leadflow} gives it, so the load generator's garbage and threads are
 * not counted as the kernel's. Its GC log gives the peak heap and the pauses.
 */
final class ShippedKernel implements AutoCloseable {
    /** A G1 or Parallel pause: {@code Pause Young (Normal) (G1 Evacuation Pause) 120M->40M(256M) 5.1ms}. */
    private static final Pattern PAUSE = Pattern.compile("Pause .*? (\\d+)M->(\\d+)M\\((\\d+)M\\) ([\\d.]+)ms");
    /** A ZGC cycle: {@code Garbage Collection (Allocation Rate) 300M(29%)->120M(12%)}. */
    private static final Pattern Z_CYCLE = Pattern.compile("Garbage Collection \\(.*\\) (\\d+)M\\(\\d+%\\)->(\\d+)M");
    /** A ZGC pause (gc+phases): {@code Pause Mark Start 0.012ms}. */
    private static final Pattern Z_PAUSE = Pattern.compile("Pause (?:Mark Start|Mark End|Relocate Start) ([\\d.]+)ms");

    private final KernelProcess process;
    private final String databaseUrl;
    private final Path gcLog;
    private final AutoCloseable server;

    private ShippedKernel(KernelProcess process, String databaseUrl, Path gcLog, AutoCloseable server) {
        this.process = process;
        this.databaseUrl = databaseUrl;
        this.gcLog = gcLog;
        this.server = server;
    }

    static ShippedKernel start(Map<String, String> settings) throws IOException, InterruptedException,
            java.sql.SQLException {
        Path dataDir = Files.createTempDirectory("leadflow-bench");
        Path gcLog = dataDir.resolve("gc.log");
        List<String> flags = new ArrayList<>(shippedJvmFlags());
        flags.add("-Xlog:gc,gc+phases:file=" + gcLog);
        // BENCH_DATABASE: "embedded" (default: the kernel's own, durable, as the README starts it),
        // "external" (a separate durable PostgreSQL server reached by URL), "unsafe" (the shared test
        // server, fsync and synchronous_commit off: how figures were taken before they were durable)
        String database = System.getenv().getOrDefault("BENCH_DATABASE", "embedded");
        String databaseUrl;
        AutoCloseable server = null;
        switch (database) {
            case "embedded" -> databaseUrl = null;
            case "external" -> {
                io.leadflow.kernel.testing.ExternalPostgres external =
                        io.leadflow.kernel.testing.ExternalPostgres.start(dataDir.resolve("external-pg"));
                databaseUrl = external.jdbcUrl();
                server = external;
            }
            case "unsafe" -> databaseUrl = TestPostgres.newDatabase();
            default -> throw new IllegalArgumentException("BENCH_DATABASE is embedded, external or unsafe: " + database);
        }
        System.out.printf("database: %s%n", database);
        System.out.printf("kernel JVM flags: %s%n", String.join(" ", flags));
        // LEADFLOW_* settings in the benchmark's environment reach the kernel too, to compare them
        Map<String, String> all = new java.util.HashMap<>(settings);
        System.getenv().forEach((name, value) -> {
            if (name.startsWith("LEADFLOW_")) {
                all.put(name, value);
                System.out.printf("kernel setting: %s=%s%n", name, value);
            }
        });
        if (databaseUrl == null) {
            all.put("LEADFLOW_DB_URL", "");
        }
        KernelProcess process = KernelProcess.start(databaseUrl, dataDir, flags, all);
        return new ShippedKernel(process,
                databaseUrl == null ? EmbeddedDatabaseFiles.jdbcUrl(dataDir) : databaseUrl, gcLog, server);
    }

    /** The {@code DEFAULT_JAVA_OPTS} of the start script, or {@code JAVA_OPTS} when set (as the script does). */
    static List<String> shippedJvmFlags() throws IOException {
        String override = System.getenv("JAVA_OPTS");
        if (override != null && !override.isBlank()) {
            return Arrays.asList(override.trim().split("\\s+"));
        }
        Path script = Path.of("distribution", "src", "bin", "leadflow");
        if (!Files.exists(script)) {
            script = Path.of("..", "distribution", "src", "bin", "leadflow");
        }
        for (String line : Files.readAllLines(script)) {
            if (line.startsWith("DEFAULT_JAVA_OPTS=")) {
                String value = line.substring("DEFAULT_JAVA_OPTS=".length()).replace("\"", "").trim();
                return Arrays.asList(value.split("\\s+"));
            }
        }
        throw new IllegalStateException("no DEFAULT_JAVA_OPTS in " + script);
    }

    int port() {
        return process.port();
    }

    ApiClient admin() {
        return process.admin();
    }

    String databaseUrl() {
        return databaseUrl;
    }

    /** Live threads of the kernel process right now. */
    int threads() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("Threads:")) {
                return Integer.parseInt(line.substring(8).trim());
            }
        }
        return -1;
    }

    /** Peak heap in use (before a collection), the number of pauses and the longest, from the GC log. */
    String gcSummary() throws IOException {
        long peakMb = 0;
        long committedMb = 0;
        int pauses = 0;
        double longest = 0;
        List<Double> all = new ArrayList<>();
        int cycles = 0;
        for (String line : Files.readAllLines(gcLog)) {
            Matcher z = Z_CYCLE.matcher(line);
            if (z.find()) {
                peakMb = Math.max(peakMb, Long.parseLong(z.group(1)));
                cycles++;
                continue;
            }
            Matcher zPause = Z_PAUSE.matcher(line);
            if (zPause.find()) {
                double ms = Double.parseDouble(zPause.group(1));
                all.add(ms);
                longest = Math.max(longest, ms);
                pauses++;
                continue;
            }
            Matcher m = PAUSE.matcher(line);
            if (m.find()) {
                peakMb = Math.max(peakMb, Long.parseLong(m.group(1)));
                committedMb = Math.max(committedMb, Long.parseLong(m.group(3)));
                double ms = Double.parseDouble(m.group(4));
                all.add(ms);
                longest = Math.max(longest, ms);
                pauses++;
            }
        }
        all.sort(Double::compare);
        double median = all.isEmpty() ? 0 : all.get(all.size() / 2);
        return String.format("kernel heap peak %d MB used%s; %d GC pauses, median %.1f ms, longest %.1f ms%s",
                peakMb, committedMb > 0 ? " (" + committedMb + " MB committed)" : "", pauses, median, longest,
                cycles > 0 ? "; " + cycles + " ZGC cycles" : "");
    }

    @Override
    public void close() {
        process.close();
        if (server != null) {
            try {
                server.close();
            } catch (Exception e) {
                System.out.println("stopping the external PostgreSQL failed: " + e.getMessage());
            }
        }
    }
}
