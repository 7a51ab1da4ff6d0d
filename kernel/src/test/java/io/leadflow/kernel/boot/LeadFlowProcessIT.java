package io.leadflow.kernel.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.kernel.testing.ApiClient;
import io.leadflow.kernel.testing.ApiResponse;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real entry point in its own JVM on the embedded PostgreSQL: first start prints a generated
 * admin password; SIGTERM stops it gracefully; a restart on the same data folder finds the users,
 * tokens and audit rows of the first run.
 */
class LeadFlowProcessIT {
    private static final Pattern PASSWORD = Pattern.compile("password: (\\S+)");

    @TempDir
    Path dataDir;

    @Test
    void survivesSigtermAndRestartsOnTheSameData() throws Exception {
        int port = freePort();
        Started first = start(port);
        first.await(Pattern.compile("LeadFlow is running"));
        String password = first.await(PASSWORD);
        ApiClient anonymous = new ApiClient(URI.create("http://127.0.0.1:" + port + "/"), null);
        ApiResponse login = anonymous.post("/api/v1/auth/login",
                "{\"username\":\"admin\",\"password\":\"" + password + "\"}");
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        ApiClient admin = anonymous.withToken(login.json().get("token").asText());
        String apiToken = admin.post("/api/v1/auth/tokens", "{\"name\":\"survives restarts\"}").json()
                .get("secret").asText();
        assertThat(admin.post("/api/v1/users",
                "{\"username\":\"second-user\",\"password\":\"second-user-password\",\"role\":\"editor\"}").status())
                .isEqualTo(201);

        first.process.destroy(); // SIGTERM
        assertThat(first.process.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s").isTrue();
        assertThat(first.output()).anySatisfy(line -> assertThat(line).contains("LeadFlow stopped"));

        Started second = start(port);
        second.await(Pattern.compile("LeadFlow is running"));
        assertThat(second.output()).noneSatisfy(line -> assertThat(line).contains("created the first user"));
        ApiClient withApiToken = anonymous.withToken(apiToken);
        assertThat(withApiToken.get("/api/v1/users/me").status()).isEqualTo(200);
        assertThat(withApiToken.get("/api/v1/users").json().get("items")).hasSize(2);
        assertThat(withApiToken.get("/api/v1/audit?action=token.created").json().get("items")).isNotEmpty();
        assertThat(withApiToken.get("/api/v1/audit?action=auth.login").json().get("items")).isNotEmpty();
        assertThat(anonymous.get("/api/v1/health").json().get("database").get("embedded").asBoolean()).isTrue();
        second.process.destroy();
        assertThat(second.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }

    private Started start(int port) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), LeadFlow.class.getName());
        builder.environment().keySet().removeIf(name -> name.startsWith("LEADFLOW_"));
        builder.environment().put("LEADFLOW_DATA_DIR", dataDir.toString());
        builder.environment().put("LEADFLOW_PORT", Integer.toString(port));
        builder.environment().put("LEADFLOW_HOST", "127.0.0.1");
        builder.environment().put("LEADFLOW_CONF", dataDir.resolve("absent.properties").toString());
        Path log = Files.createTempFile(dataDir, "leadflow", ".log");
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        return new Started(builder.start(), log);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static final class Started {
        final Process process;
        final Path log;

        Started(Process process, Path log) {
            this.process = process;
            this.log = log;
        }

        List<String> output() throws IOException {
            return Files.readAllLines(log, StandardCharsets.UTF_8);
        }

        /** Waits (up to 90 s) for a line matching {@code pattern}; returns its first group, if any. */
        String await(Pattern pattern) throws InterruptedException, IOException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (System.nanoTime() < deadline) {
                for (String line : output()) {
                    Matcher matcher = pattern.matcher(line);
                    if (matcher.find()) {
                        return matcher.groupCount() > 0 ? matcher.group(1) : line;
                    }
                }
                if (!process.isAlive()) {
                    throw new AssertionError("LeadFlow exited with " + process.exitValue() + ":\n"
                            + String.join("\n", output()));
                }
                Thread.sleep(100);
            }
            process.destroyForcibly();
            throw new AssertionError("no line matching " + pattern + " within 90 s:\n" + String.join("\n", output()));
        }
    }
}
