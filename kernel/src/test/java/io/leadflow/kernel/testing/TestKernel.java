package io.leadflow.kernel.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.kernel.boot.Kernel;
import io.leadflow.kernel.boot.LeadFlowConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A real kernel on a free port of 127.0.0.1, against a fresh database of {@link TestPostgres}, with
 * {@code admin} / {@link #ADMIN_PASSWORD}. Settings can be overridden per test.
 */
public final class TestKernel implements AutoCloseable {
    public static final String ADMIN_PASSWORD = "admin-password-for-tests";

    private final Kernel kernel;
    private final String databaseUrl;
    private final Map<String, String> settings;

    private TestKernel(Kernel kernel, String databaseUrl, Map<String, String> settings) {
        this.kernel = kernel;
        this.databaseUrl = databaseUrl;
        this.settings = settings;
    }

    public static TestKernel start() {
        return start(Map.of());
    }

    public static TestKernel start(Map<String, String> overrides) {
        return startOn(TestPostgres.newDatabase(), overrides);
    }

    /** A kernel on an existing database, e.g. to restart against the same state. */
    public static TestKernel startOn(String databaseUrl, Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>();
        settings.put("LEADFLOW_HOST", "127.0.0.1");
        settings.put("LEADFLOW_PORT", "0");
        settings.put("LEADFLOW_DB_URL", databaseUrl);
        settings.put("LEADFLOW_DB_USER", "postgres");
        settings.put("LEADFLOW_DB_POOL_SIZE", "5");
        settings.put("LEADFLOW_ADMIN_PASSWORD", ADMIN_PASSWORD);
        settings.put("LEADFLOW_SHUTDOWN_GRACE_SECONDS", "2");
        settings.put("LEADFLOW_DATA_DIR", tempDataDir());
        // one key for every test kernel, so several kernels can share a database
        settings.put("LEADFLOW_MASTER_KEY", "bGVhZGZsb3ctdGVzdC1tYXN0ZXIta2V5LTMyLWJ5dGU=");
        // provider fakes listen on 127.0.0.1
        settings.put("LEADFLOW_HTTP_ALLOW_PRIVATE_NETWORKS", "true");
        // tests log in far more often than people do; RateLimitIT sets its own limits
        settings.put("LEADFLOW_RATE_LIMIT_LOGIN_PER_MINUTE", "10000");
        settings.putAll(overrides);
        try {
            return new TestKernel(Kernel.start(LeadFlowConfig.of(settings)), databaseUrl, Map.copyOf(settings));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tempDataDir() {
        try {
            return java.nio.file.Files.createTempDirectory("leadflow-data").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A setting this kernel was started with. */
    public String setting(String name) {
        return settings.get(name);
    }

    public Kernel kernel() {
        return kernel;
    }

    public String databaseUrl() {
        return databaseUrl;
    }

    /** A client without a token. */
    public ApiClient anonymous() {
        return new ApiClient(kernel.baseUri(), null);
    }

    /** Logs in and returns a client carrying the session token. */
    public ApiClient login(String username, String password) {
        ApiResponse response = anonymous().post("/api/v1/auth/login",
                "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
        assertThat(response.status()).as("login of %s: %s", username, response.body()).isEqualTo(200);
        return anonymous().withToken(response.json().get("token").asText());
    }

    public ApiClient admin() {
        return login("admin", ADMIN_PASSWORD);
    }

    /** Creates a user with {@code role} (through the admin API) and returns a client logged in as them. */
    public ApiClient userWithRole(String username, String role) {
        String password = "password-of-" + username;
        ApiResponse created = admin().post("/api/v1/users", "{\"username\":\"" + username + "\",\"password\":\""
                + password + "\",\"role\":\"" + role + "\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return login(username, password);
    }

    /** Stops this kernel and starts a new one on the same database and data folder. */
    public TestKernel restart() {
        return restart(Map.of());
    }

    /** Stops this kernel and starts a new one on the same state, with some settings changed. */
    public TestKernel restart(Map<String, String> changes) {
        close();
        Map<String, String> changed = new HashMap<>(settings);
        changed.putAll(changes);
        return startOn(databaseUrl, changed);
    }

    @Override
    public void close() {
        kernel.close();
    }
}
