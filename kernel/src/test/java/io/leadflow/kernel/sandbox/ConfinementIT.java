package io.leadflow.kernel.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadflow.kernel.http.Json;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The second wall: a worker's process itself, with the exact command line the pool uses, running a
 * script that plays a user who got out of the V8 context (it holds {@code process} and
 * {@code require}). Files, the kernel's secrets, sockets, processes and the environment stay out of
 * its reach.
 */
class ConfinementIT {

    @Test
    void aWorkerThatEscapedItsContextStillReachesNothing(@TempDir Path dataDir) throws Exception {
        Path secret = dataDir.resolve("master.key");
        Files.writeString(secret, "the master key");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Path scriptDir = Files.createTempDirectory("hostile-");
        Files.setPosixFilePermissions(scriptDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path script = scriptDir.resolve("worker.js");
        try (InputStream in = ConfinementIT.class.getResourceAsStream("hostile-worker.js")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("r--r--r--"));
        SandboxCommand command = SandboxCommand.locate(CodeSandboxIT.SETTINGS, script, SandboxCommand.runningAsRoot());

        try (ServerSocket listener = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            AtomicInteger connections = new AtomicInteger();
            Thread accepting = new Thread(() -> {
                try {
                    listener.setSoTimeout(10_000);
                    listener.accept().close();
                    connections.incrementAndGet();
                } catch (SocketTimeoutException e) {
                    // nobody came, as it should be
                } catch (java.io.IOException e) {
                    // closed
                }
            });
            accepting.start();
            JsonNode report;
            try (SandboxWorker worker = SandboxWorker.start(command.argv(3), 1 << 20, 10_000)) {
                worker.send(Json.mapper().writeValueAsString(Map.of("port", listener.getLocalPort(),
                        "secretFile", secret.toString())));
                report = Json.mapper().readTree(worker.readLine(10_000).text());
            }
            listener.close();
            accepting.join(2_000);

            assertThat(report.get("passwd").asText()).startsWith("refused");
            assertThat(report.get("secret").asText()).startsWith("refused");
            assertThat(report.get("listing").asText()).startsWith("refused");
            assertThat(report.get("spawn").asText()).startsWith("refused");
            assertThat(report.get("binding").asText()).startsWith("refused");
            // bubblewrap sets PWD for --chdir; nothing of the kernel's environment is there
            assertThat(report.get("env").asText().split(",")).containsOnly("UV_THREADPOOL_SIZE", "PWD");
            assertThat(report.get("socket").asText()).startsWith("refused");
            assertThat(connections.get()).as("connections the listener saw").isZero();
            if (SandboxCommand.runningAsRoot()) {
                assertThat(report.get("uid").asInt()).isEqualTo(SandboxCommand.FIRST_UID + 3);
            }
        } finally {
            Files.deleteIfExists(script);
            Files.deleteIfExists(scriptDir);
        }
    }
}
