package io.leadflow.kernel.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;

/**
 * A kernel's stable name among the kernels sharing a database: the same after a restart on the
 * same data folder, so a kernel that was killed takes its own executions back at once instead of
 * waiting for its old heartbeat to expire. Two processes on one data folder hold different slots
 * (an OS file lock each), so they never share a name.
 */
public final class KernelIdentity implements AutoCloseable {
    private static final int SLOTS = 64;

    private final String id;
    private final FileChannel channel;
    private final FileLock lock;

    private KernelIdentity(String id, FileChannel channel, FileLock lock) {
        this.id = id;
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the first free slot of the data folder. */
    public static KernelIdentity acquire(Path dataDir) {
        try {
            Path folder = Files.createDirectories(dataDir.resolve("kernel"));
            String host = safeHostName();
            String place = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(dataDir.toAbsolutePath().normalize().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)), 0, 4);
            for (int slot = 0; slot < SLOTS; slot++) {
                FileChannel channel = FileChannel.open(folder.resolve("slot-" + slot + ".lock"),
                        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (OverlappingFileLockException e) {
                    lock = null; // held by this JVM already (several kernels in one test JVM)
                }
                if (lock != null) {
                    return new KernelIdentity(host + "-" + place + "-" + slot, channel, lock);
                }
                channel.close();
            }
            throw new IllegalStateException("more than " + SLOTS + " kernels run on data folder " + dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot take a kernel slot in " + dataDir, e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String safeHostName() {
        try {
            return InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9.-]", "").toLowerCase();
        } catch (IOException e) {
            return "host";
        }
    }

    public String id() {
        return id;
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // the lock goes with the process anyway
        }
    }
}
