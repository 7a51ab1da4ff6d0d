package io.leadflow.kernel.fault;

import static io.leadflow.kernel.fault.EmbeddedPostmasterKillIT.awaitAcknowledged;
import static io.leadflow.kernel.fault.EmbeddedPostmasterKillIT.awaitHealth;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.kernel.testing.ApiClient;
import io.leadflow.kernel.testing.FaultLoad;
import io.leadflow.kernel.testing.KernelProcess;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data folder (the embedded PostgreSQL's with it) lives on a small filesystem this test mounts
 * (a 256 MB tmpfs, so it needs root: CI runs as root, and there the test must not be skipped). A
 * filler file takes every free byte under load: writes fail cleanly (webhooks 503 with Retry-After,
 * no 500), nothing acknowledged is lost or half-written, and once the filler is deleted the kernel
 * recovers by itself and completes every acknowledged execution once.
 */
class DiskFullIT {
    @TempDir
    Path folder;

    @Test
    void aFullDiskRefusesWebhooksCleanlyAndTheKernelRecoversWhenSpaceIsFreed() throws Exception {
        boolean root = "0".equals(new String(new ProcessBuilder("id", "-u").start().getInputStream().readAllBytes())
                .trim());
        if (!root) {
            assertThat(System.getenv("CI")).as("CI runs as root: the disk-full test must run there").isNotEqualTo("true");
            Assumptions.abort("mounting a small filesystem needs root");
        }
        Path mount = Files.createDirectories(folder.resolve("small"));
        Process mounting = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=256m", "leadflow-disk-full-test",
                mount.toString()).redirectErrorStream(true).start();
        String mountOutput = new String(mounting.getInputStream().readAllBytes());
        if (mounting.waitFor() != 0) {
            // root in a container without CAP_SYS_ADMIN: the only case in which the test may not run
            assertThat(mountOutput).as("mount failed for another reason than a missing privilege")
                    .containsAnyOf("permission denied", "not permitted", "must be superuser");
            System.out.println("DiskFullIT NOT RUN: root here may not mount a filesystem: " + mountOutput.trim());
            Assumptions.abort("root may not mount here: " + mountOutput.trim());
        }
        Path filler = mount.resolve("filler");
        try (KernelProcess kernel = KernelProcess.start(null, mount.resolve("data"), List.of("-Xmx512m"),
                Map.of("LEADFLOW_DB_URL", ""));
             FaultLoad load = FaultLoad.start(kernel.admin())) {
            ApiClient anonymous = new ApiClient(kernel.admin().base(), null);
            load.sendEvery(Duration.ofMillis(20));
            awaitAcknowledged(load, 50);

            long filledAt = System.nanoTime();
            long filled = fill(filler);
            awaitRefusals(load, filledAt, 5, 30);
            Thread.sleep(2_000); // a full disk the kernel must live with for a while
            int refusedWhileFull = load.refusedSince(filledAt).size();

            Files.delete(filler);
            long freedAt = System.nanoTime();
            awaitHealth(anonymous, 200, 60);
            awaitAcknowledged(load, load.acknowledged().size() + 50);
            long recoveredMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - freedAt);
            load.stopSending();

            assertThat(refusedWhileFull).as("webhooks refused while the disk was full").isPositive();
            load.assertAnswersWereAcceptedOrRetryLater(6_000);
            load.assertEveryAcknowledgedExecutionCompletedOnce(kernel.admin(), 90);
            assertThat(kernel.output()).as("no stack trace for a passing failure").doesNotContain("\tat ");
            kernel.output().lines().filter(line -> line.contains(" WARN ") || line.contains(" ERROR "))
                    .map(line -> line.length() > 200 ? line.substring(0, 200) : line).distinct().limit(15)
                    .forEach(line -> System.out.println("[fault] kernel: " + line));
            System.out.println(load.summary("data folder's disk full (" + filled / (1024 * 1024)
                    + " MB filler), then freed") + "; " + refusedWhileFull + " refused while full, acknowledging again "
                    + recoveredMillis + " ms after the space was freed");
        } finally {
            Files.deleteIfExists(filler);
            run("umount", "-l", mount.toString());
        }
    }

    /** Writes until the filesystem has no byte left; returns how many were written. */
    private static long fill(Path filler) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(1 << 20);
        long written = 0;
        try (FileChannel channel = FileChannel.open(filler, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            while (true) {
                chunk.clear();
                try {
                    while (chunk.hasRemaining()) {
                        written += channel.write(chunk);
                    }
                } catch (IOException full) {
                    break;
                }
            }
            // the last partial chunk: fill the remainder byte by byte-blocks so nothing is left
            ByteBuffer small = ByteBuffer.allocate(4096);
            while (true) {
                small.clear();
                try {
                    written += channel.write(small);
                } catch (IOException full) {
                    return written;
                }
            }
        }
    }

    private static void awaitRefusals(FaultLoad load, long sinceNanos, int count, int seconds)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (load.refusedSince(sinceNanos).size() < count && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(load.refusedSince(sinceNanos).size()).as("webhooks refused once the disk is full")
                .isGreaterThanOrEqualTo(count);
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as("%s: %s", String.join(" ", command), output).isZero();
    }
}
