package io.leadflow.kernel.boot;

import io.leadflow.marketplace.TrustedKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The kernel's settings. Environment variables ({@code LEADFLOW_PORT}) win over the optional
 * properties file ({@code leadflow.port} in {@code conf/leadflow.properties}), which wins over the
 * defaults written here.
 */
public final class LeadFlowConfig {

    private final Map<String, String> values;

    private LeadFlowConfig(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /** Reads the process environment and, if it exists, the properties file it points at. */
    public static LeadFlowConfig fromEnvironment() {
        return from(System.getenv());
    }

    /** Settings from the given variables plus the properties file they name (or conf/leadflow.properties). */
    public static LeadFlowConfig from(Map<String, String> environment) {
        Map<String, String> merged = new HashMap<>();
        String confFile = environment.getOrDefault("LEADFLOW_CONF", "conf/leadflow.properties");
        merged.putAll(readProperties(Path.of(confFile)));
        environment.forEach((key, value) -> {
            if (key.startsWith("LEADFLOW_") && value != null && !value.isBlank()) {
                merged.put(key, value);
            }
        });
        return new LeadFlowConfig(merged);
    }

    /** Settings from the given variables only: for tests and embedding. */
    public static LeadFlowConfig of(Map<String, String> variables) {
        return new LeadFlowConfig(variables);
    }

    /** A copy with one variable changed. */
    public LeadFlowConfig with(String variable, String value) {
        Map<String, String> copy = new HashMap<>(values);
        copy.put(variable, value);
        return new LeadFlowConfig(copy);
    }

    private static Map<String, String> readProperties(Path file) {
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new ConfigException("cannot read " + file + ": " + e.getMessage());
        }
        Map<String, String> result = new HashMap<>();
        for (String name : properties.stringPropertyNames()) {
            // leadflow.db.url -> LEADFLOW_DB_URL
            result.put(name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'),
                    properties.getProperty(name).trim());
        }
        return result;
    }

    public int port() {
        return integer("LEADFLOW_PORT", 8080, 0, 65535);
    }

    public String host() {
        return string("LEADFLOW_HOST").orElse("0.0.0.0");
    }

    public Path dataDir() {
        return Path.of(string("LEADFLOW_DATA_DIR").orElse("data")).toAbsolutePath().normalize();
    }

    /** JDBC URL of an external PostgreSQL; empty means start the embedded one. */
    public Optional<String> databaseUrl() {
        return string("LEADFLOW_DB_URL");
    }

    public Optional<String> databaseUser() {
        return string("LEADFLOW_DB_USER");
    }

    public Optional<String> databasePassword() {
        return string("LEADFLOW_DB_PASSWORD");
    }

    public int databasePoolSize() {
        return integer("LEADFLOW_DB_POOL_SIZE", 10, 1, 200);
    }

    /**
     * Runs the embedded PostgreSQL without flushing to disk ({@code fsync}, {@code synchronous_commit}
     * and {@code full_page_writes} off). For benchmarks and tests only: a crash loses acknowledged work.
     */
    public boolean databaseUnsafeFast() {
        return Boolean.parseBoolean(string("LEADFLOW_DB_UNSAFE_FAST").orElse("false"));
    }

    /** Longest one SQL statement may run before PostgreSQL cancels it. */
    public java.time.Duration databaseStatementTimeout() {
        return java.time.Duration.ofMillis(longValue("LEADFLOW_DB_STATEMENT_TIMEOUT_MS", 30_000, 100, 3_600_000));
    }

    /** Longest a request waits for a pooled connection before it is answered 503. */
    public java.time.Duration databaseConnectionTimeout() {
        return java.time.Duration.ofMillis(longValue("LEADFLOW_DB_CONNECTION_TIMEOUT_MS", 2_000, 250, 60_000));
    }

    /** Port of the embedded PostgreSQL; 0 picks a free one. */
    public int embeddedDatabasePort() {
        return integer("LEADFLOW_EMBEDDED_DB_PORT", 0, 0, 65535);
    }

    public Optional<String> adminPassword() {
        return string("LEADFLOW_ADMIN_PASSWORD");
    }

    public long maxRequestBodyBytes() {
        return longValue("LEADFLOW_MAX_BODY_BYTES", 10L * 1024 * 1024, 1024, Long.MAX_VALUE);
    }

    /** Leads re-encrypted per transaction after a key rotation. */
    public int reencryptionBatchSize() {
        return integer("LEADFLOW_REENCRYPTION_BATCH", 500, 1, 100_000);
    }

    /** Rest between re-encryption batches, leaving the database to live traffic. */
    public java.time.Duration reencryptionPause() {
        return java.time.Duration.ofMillis(integer("LEADFLOW_REENCRYPTION_PAUSE_MS", 20, 0, 60_000));
    }

    /** The body limit of the streamed lead import, which reads one record at a time. */
    public long maxImportBodyBytes() {
        return longValue("LEADFLOW_MAX_IMPORT_BYTES", 1024L * 1024 * 1024, 1024, Long.MAX_VALUE);
    }

    public int rateLimitPerIpPerMinute() {
        return integer("LEADFLOW_RATE_LIMIT_IP_PER_MINUTE", 1200, 1, Integer.MAX_VALUE);
    }

    public int rateLimitPerTokenPerMinute() {
        return integer("LEADFLOW_RATE_LIMIT_TOKEN_PER_MINUTE", 2400, 1, Integer.MAX_VALUE);
    }

    public int loginAttemptsPerIpPerMinute() {
        return integer("LEADFLOW_RATE_LIMIT_LOGIN_PER_MINUTE", 10, 1, Integer.MAX_VALUE);
    }

    public Duration sessionTimeToLive() {
        return Duration.ofMinutes(integer("LEADFLOW_SESSION_TTL_MINUTES", 12 * 60, 1, 60 * 24 * 365));
    }

    /** Whether X-Forwarded-For from a reverse proxy names the client. */
    public boolean trustProxy() {
        return Boolean.parseBoolean(string("LEADFLOW_TRUST_PROXY").orElse("false"));
    }

    /** Browser origins allowed to call the API cross-origin (comma-separated; none by default). */
    public java.util.Set<String> corsOrigins() {
        java.util.Set<String> origins = new java.util.LinkedHashSet<>();
        for (String origin : string("LEADFLOW_CORS_ORIGINS").orElse("").split(",")) {
            String trimmed = origin.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.equals("*") || !trimmed.matches("https?://[^/\\s]+")) {
                throw new ConfigException("LEADFLOW_CORS_ORIGINS: '" + trimmed
                        + "' is not an origin (scheme://host[:port], no path, no wildcard)");
            }
            origins.add(trimmed);
        }
        return origins;
    }

    public Duration shutdownGrace() {
        return Duration.ofSeconds(integer("LEADFLOW_SHUTDOWN_GRACE_SECONDS", 20, 0, 3600));
    }

    /** Messages a WebSocket client may have queued before it is disconnected as too slow. */
    public int webSocketSendQueueLimit() {
        return integer("LEADFLOW_WS_SEND_QUEUE_LIMIT", 1024, 1, 1_000_000);
    }

    /** Threads writing live events to WebSocket clients (a write waits on the network stack, not only the CPU). */
    public int liveFanoutThreads() {
        return integer("LEADFLOW_LIVE_FANOUT_THREADS", 16, 1, 64);
    }

    /** The region phone numbers without a country code are read in (ISO 3166 code, e.g. US, DE). */
    public String phoneRegion() {
        return string("LEADFLOW_LEAD_PHONE_REGION").orElse("US").toUpperCase(java.util.Locale.ROOT);
    }

    /** How long a circuit breaker stays open before letting trial calls through. */
    public java.time.Duration circuitOpenDuration() {
        return java.time.Duration.ofMillis(longValue("LEADFLOW_CIRCUIT_OPEN_MILLIS", 30_000, 10, 3_600_000));
    }

    /** Largest output a node run may store (default 4 MB). */
    public long maxNodeOutputBytes() {
        return longValue("LEADFLOW_MAX_NODE_OUTPUT_BYTES", 4L * 1024 * 1024, 1024, 512L * 1024 * 1024);
    }

    /** Webhook requests handled at once before more are refused with 503 (overload protection). */
    public int maxWebhooksInFlight() {
        return integer("LEADFLOW_MAX_WEBHOOKS_IN_FLIGHT", 512, 1, 1_000_000);
    }

    /** Days a finished execution is kept unless its workflow's settings say otherwise (default 30). */
    public int executionRetentionDays() {
        return integer("LEADFLOW_EXECUTION_RETENTION_DAYS", 30, 1, 3650);
    }

    /** Finished executions kept per workflow unless its settings say otherwise (default 10,000). */
    public int executionRetentionCount() {
        return integer("LEADFLOW_EXECUTION_RETENTION_COUNT", 10_000, 1, 10_000_000);
    }

    /** Threads serving HTTP requests (most wait on the database, not the CPU). */
    public int httpWorkers() {
        return integer("LEADFLOW_HTTP_WORKERS", 64, 2, 1024);
    }

    /** Node runs one plugin may have in flight at once; more wait their turn (default 2,000). */
    public int pluginBulkhead() {
        return integer("LEADFLOW_PLUGIN_BULKHEAD", 2_000, 1, 100_000);
    }

    /**
     * Threads per plugin for its nodes' code: a plugin whose nodes block holds at most this many,
     * and its further runs wait (under the node timeout) without holding an engine thread.
     */
    public int pluginThreads() {
        return integer("LEADFLOW_PLUGIN_THREADS", 16, 1, 1_024);
    }

    /** How long one node run may take before it fails with a timeout. */
    public java.time.Duration nodeTimeout() {
        return java.time.Duration.ofMillis(longValue("LEADFLOW_NODE_TIMEOUT_MILLIS", 60_000, 10, 24L * 3600 * 1000));
    }

    /** Engine worker threads claiming and running node runs. */
    public int engineWorkers() {
        return integer("LEADFLOW_ENGINE_WORKERS", 8, 1, 512);
    }

    /** How often the plugins folder is looked at for dropped-in jars. */
    public java.time.Duration pluginScanInterval() {
        return java.time.Duration.ofMillis(integer("LEADFLOW_PLUGIN_SCAN_MILLIS", 3000, 100, 3_600_000));
    }

    /** Base64 of the 32-byte key secrets are encrypted with; empty means a generated key file. */
    public Optional<String> masterKey() {
        return string("LEADFLOW_MASTER_KEY");
    }

    /**
     * Base64 of the master key the database was encrypted with until now: set next to a new
     * {@code LEADFLOW_MASTER_KEY} for one start, which moves every secret to the new key.
     */
    public Optional<String> previousMasterKey() {
        return string("LEADFLOW_PREVIOUS_MASTER_KEY");
    }

    /** Whether plugins may call loopback and private-network addresses (off: SSRF guard). */
    public boolean allowPrivateNetworks() {
        return Boolean.parseBoolean(string("LEADFLOW_HTTP_ALLOW_PRIVATE_NETWORKS").orElse("false"));
    }

    /**
     * Where first-party plugin jars ship ({@code $LEADFLOW_HOME/plugins} in the distribution); they
     * are copied into the data folder on the very first start.
     */
    public Optional<Path> bundledPluginsDir() {
        return string("LEADFLOW_BUNDLED_PLUGINS_DIR").map(Path::of)
                .or(() -> string("LEADFLOW_HOME").map(home -> Path.of(home, "plugins")));
    }

    /**
     * Where the marketplace index is published: an http(s) URL or a folder; empty (the default)
     * means no marketplace.
     */
    public Optional<String> marketplaceUrl() {
        return string("LEADFLOW_MARKETPLACE_URL");
    }

    /**
     * The pinned root keys the marketplace's {@code keys.json} must be signed by, written
     * {@code keyId:base64} and comma-separated; required with {@link #marketplaceUrl()}.
     */
    public List<TrustedKey> marketplaceRootKeys() {
        List<TrustedKey> keys;
        try {
            keys = TrustedKey.parseList(string("LEADFLOW_MARKETPLACE_ROOT_KEYS").orElse(""));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("LEADFLOW_MARKETPLACE_ROOT_KEYS: " + e.getMessage());
        }
        if (keys.isEmpty() && marketplaceUrl().isPresent()) {
            throw new ConfigException("LEADFLOW_MARKETPLACE_URL is set but LEADFLOW_MARKETPLACE_ROOT_KEYS is not: "
                    + "pin the index's root public keys (keyId:base64, from `leadflow-index keygen`)");
        }
        return keys;
    }

    /** Whether Code nodes may run: {@code LEADFLOW_SANDBOX=off} disables the sandbox (and them). */
    public boolean sandboxEnabled() {
        String value = string("LEADFLOW_SANDBOX").orElse("auto").toLowerCase(Locale.ROOT);
        if (!value.equals("auto") && !value.equals("off")) {
            throw new ConfigException("LEADFLOW_SANDBOX must be 'auto' or 'off', got '" + value + "'");
        }
        return value.equals("auto");
    }

    /** Worker processes of the code sandbox. */
    public int sandboxWorkers() {
        return integer("LEADFLOW_SANDBOX_WORKERS", 2, 1, 64);
    }

    /** The JavaScript heap of one sandbox worker, in MB. */
    public int sandboxMemoryMb() {
        return integer("LEADFLOW_SANDBOX_MEMORY_MB", 128, 16, 4_096);
    }

    /**
     * Runs after which a sandbox worker is replaced by a fresh process; 1 gives every run a
     * process of its own (slower, but nothing of one run can outlive it).
     */
    public int sandboxRunsPerWorker() {
        return integer("LEADFLOW_SANDBOX_RUNS_PER_WORKER", 100, 1, 1_000_000);
    }

    /** The CPU-seconds limit of one sandbox worker process (it is replaced at half of it). */
    public int sandboxCpuSecondsPerWorker() {
        return integer("LEADFLOW_SANDBOX_CPU_SECONDS", 300, 5, 86_400);
    }

    /** The longest one Code node run may take. */
    public Duration sandboxMaxTimeout() {
        return Duration.ofMillis(longValue("LEADFLOW_SANDBOX_MAX_TIMEOUT_MILLIS", 60_000, 100, 3_600_000));
    }

    /** The Node.js binary the sandbox runs, if not the one on the usual paths. */
    public Optional<String> sandboxNode() {
        return string("LEADFLOW_SANDBOX_NODE");
    }

    /** The bubblewrap binary the sandbox uses, if not the one on the usual paths. */
    public Optional<String> sandboxBwrap() {
        return string("LEADFLOW_SANDBOX_BWRAP");
    }

    private Optional<String> string(String name) {
        String value = values.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    private int integer(String name, int fallback, int min, int max) {
        return (int) longValue(name, fallback, min, max);
    }

    private long longValue(String name, long fallback, long min, long max) {
        Optional<String> raw = string(name);
        if (raw.isEmpty()) {
            return fallback;
        }
        long parsed;
        try {
            parsed = Long.parseLong(raw.get());
        } catch (NumberFormatException e) {
            throw new ConfigException(name + " must be a whole number, got '" + raw.get() + "'");
        }
        if (parsed < min || parsed > max) {
            throw new ConfigException(name + " must be between " + min + " and " + max + ", got " + parsed);
        }
        return parsed;
    }
}
