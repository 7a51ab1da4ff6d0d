package io.leadflow.kernel.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.kernel.boot.LeadFlow;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The real entry point in a JVM of its own, so a test can {@code kill -9} it and start it again. */
public final class KernelProcess implements AutoCloseable {
    public static final String PASSWORD = "process-test-admin-password";

    private final String databaseUrl;
    private final Path dataDir;
    private final int port;
    private final java.util.List<String> jvmOptions;
    private final java.util.Map<String, String> settings;
    private Process process;
    private Path log;
    /** Where the kernel's output goes: outside the data folder, so a test can fill the data folder's disk. */
    private final Path logDir;

    private KernelProcess(String databaseUrl, Path dataDir, int port, java.util.List<String> jvmOptions,
                          java.util.Map<String, String> settings) {
        this.databaseUrl = databaseUrl;
        this.dataDir = dataDir;
        this.port = port;
        this.jvmOptions = java.util.List.copyOf(jvmOptions);
        this.settings = java.util.Map.copyOf(settings);
        try {
            this.logDir = Files.createTempDirectory("leadflow-kernel-log");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** What the kernel printed so far (all its runs). */
    public String output() throws IOException {
        StringBuilder all = new StringBuilder();
        try (var files = Files.list(logDir)) {
            for (Path file : files.sorted().toList()) {
                all.append(Files.readString(file));
            }
        }
        return all.toString();
    }

    /** Starts a kernel with the first-party plugins bundled, on a database and a data folder of its own. */
    public static KernelProcess start(String databaseUrl, Path dataDir) throws IOException, InterruptedException {
        return start(databaseUrl, dataDir, java.util.List.of("-Xmx512m"), java.util.Map.of());
    }

    /** The same, with the given JVM flags and extra {@code LEADFLOW_*} settings. */
    public static KernelProcess start(String databaseUrl, Path dataDir, java.util.List<String> jvmOptions,
                                      java.util.Map<String, String> settings) throws IOException, InterruptedException {
        KernelProcess kernel = new KernelProcess(databaseUrl, dataDir, freePort(), jvmOptions, settings);
        kernel.startProcess();
        return kernel;
    }

    /** The operating-system process id of the running kernel. */
    public long pid() {
        return process.pid();
    }

    /** {@code kill -9}: no shutdown hook, no graceful anything. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    /** Starts the kernel again on the same database, data folder and port. */
    public void restart() throws IOException, InterruptedException {
        startProcess();
    }

    public int port() {
        return port;
    }

    public ApiClient admin() {
        ApiClient anonymous = new ApiClient(URI.create("http://127.0.0.1:" + port + "/"), null);
        ApiResponse login = anonymous.post("/api/v1/auth/login",
                "{\"username\":\"admin\",\"password\":\"" + PASSWORD + "\"}");
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        return anonymous.withToken(login.json().get("token").asText());
    }

    private void startProcess() throws IOException, InterruptedException {
        java.util.List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(java.util.List.of("-cp", classPath(), LeadFlow.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> name.startsWith("LEADFLOW_"));
        if (databaseUrl != null) { // null: the kernel's own embedded PostgreSQL under the data folder
            builder.environment().put("LEADFLOW_DB_URL", databaseUrl);
            builder.environment().put("LEADFLOW_DB_USER", "postgres");
        }
        builder.environment().put("LEADFLOW_DATA_DIR", dataDir.toString());
        builder.environment().put("LEADFLOW_PORT", Integer.toString(port));
        builder.environment().put("LEADFLOW_HOST", "127.0.0.1");
        builder.environment().put("LEADFLOW_ADMIN_PASSWORD", PASSWORD);
        builder.environment().put("LEADFLOW_MASTER_KEY", "bGVhZGZsb3ctdGVzdC1tYXN0ZXIta2V5LTMyLWJ5dGU=");
        builder.environment().put("LEADFLOW_HTTP_ALLOW_PRIVATE_NETWORKS", "true");
        builder.environment().put("LEADFLOW_RATE_LIMIT_IP_PER_MINUTE", "100000000");
        builder.environment().put("LEADFLOW_RATE_LIMIT_TOKEN_PER_MINUTE", "100000000");
        Path bundled = Path.of("target", "first-party-plugins");
        if (!Files.isDirectory(bundled)) {
            bundled = Path.of("kernel", "target", "first-party-plugins"); // run from the repository root
        }
        builder.environment().put("LEADFLOW_BUNDLED_PLUGINS_DIR", bundled.toAbsolutePath().toString());
        builder.environment().put("LEADFLOW_CONF", dataDir.resolve("absent.properties").toString());
        builder.environment().putAll(settings);
        log = Files.createTempFile(logDir, "kernel", ".log");
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        process = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (Files.readString(log).contains("LeadFlow is running")) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("kernel exited:\n" + Files.readString(log));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("kernel did not start:\n" + Files.readString(log));
    }

    /** The test class path, also when run by exec:java, which loads classes through a class loader of its own. */
    private static String classPath() {
        if (Thread.currentThread().getContextClassLoader() instanceof java.net.URLClassLoader loader) {
            StringBuilder path = new StringBuilder();
            for (java.net.URL url : loader.getURLs()) {
                try {
                    path.append(path.length() == 0 ? "" : java.io.File.pathSeparator).append(Path.of(url.toURI()));
                } catch (java.net.URISyntaxException e) {
                    throw new IllegalStateException(e);
                }
            }
            return path.toString();
        }
        return System.getProperty("java.class.path");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        if (process == null) {
            return;
        }
        process.destroy(); // SIGTERM: the kernel stops its embedded PostgreSQL on the way out
        try {
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        // a killed kernel leaves its embedded server behind: never let one outlive the test
        Path pidFile = dataDir.resolve("postgres").resolve("postmaster.pid");
        try {
            if (java.nio.file.Files.exists(pidFile)) {
                long pid = Long.parseLong(java.nio.file.Files.readAllLines(pidFile).get(0).trim());
                ProcessHandle.of(pid).filter(handle -> handle.info().command().orElse("").endsWith("postgres"))
                        .ifPresent(ProcessHandle::destroyForcibly);
            }
        } catch (IOException | RuntimeException e) {
            // nothing readable: nothing of ours is running
        }
    }
}
