package io.leadflow.kernel.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The command line that starts one confined worker: {@code prlimit} sets the resource limits,
 * {@code setpriv} drops to an unprivileged user of the worker's own (when the kernel runs as root:
 * the kernel does not enforce the process limit for root), {@code bwrap} builds empty namespaces
 * with only {@code /usr} (read-only), a private {@code /tmp}, {@code /proc}, {@code /dev} and the
 * worker script, and Node.js runs the script with its permission model on (no file, child-process
 * or worker-thread access beyond reading the script).
 */
final class SandboxCommand {
    /** Where the worker script appears inside the sandbox. */
    static final String SCRIPT_INSIDE = "/sandbox/worker.js";
    /** Users of the workers when the kernel runs as root: one per worker slot, owning nothing on the host. */
    static final int FIRST_UID = 2_000_100_000;
    private static final long ADDRESS_SPACE_ALLOWANCE = 1024L * 1024 * 1024;
    private static final int PROCESSES = 16;
    private static final int OPEN_FILES = 64;
    private static final long FILE_SIZE = 16L * 1024 * 1024;
    private static final long TMP_SIZE = 16L * 1024 * 1024;

    private final Path bwrap;
    private final Path prlimit;
    private final Optional<Path> setpriv;
    private final Path node;
    private final Path script;
    private final SandboxSettings settings;

    private SandboxCommand(Path bwrap, Path prlimit, Optional<Path> setpriv, Path node, Path script,
                           SandboxSettings settings) {
        this.bwrap = bwrap;
        this.prlimit = prlimit;
        this.setpriv = setpriv;
        this.node = node;
        this.script = script;
        this.settings = settings;
    }

    /**
     * Finds the tools the sandbox needs.
     *
     * @throws SandboxUnavailableException naming what is missing and how to get it
     */
    static SandboxCommand locate(SandboxSettings settings, Path script, boolean root) {
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            throw new SandboxUnavailableException("the code sandbox needs Linux namespaces; this is "
                    + System.getProperty("os.name"));
        }
        Path bwrap = tool(settings.bwrap(), "bwrap", "bubblewrap is not installed (Debian/Ubuntu: apt-get install "
                + "bubblewrap; or set LEADFLOW_SANDBOX_BWRAP)");
        Path prlimit = tool(Optional.empty(), "prlimit", "prlimit is not installed (Debian/Ubuntu: apt-get install "
                + "util-linux)");
        Optional<Path> setpriv = root ? Optional.of(tool(Optional.empty(), "setpriv",
                "setpriv is not installed (Debian/Ubuntu: apt-get install util-linux)")) : Optional.empty();
        Path node = tool(settings.node(), "node", "Node.js is not installed (Debian/Ubuntu: apt-get install nodejs; "
                + "or set LEADFLOW_SANDBOX_NODE)");
        try {
            node = node.toRealPath();
        } catch (IOException e) {
            throw new SandboxUnavailableException("cannot resolve " + node + ": " + e.getMessage());
        }
        return new SandboxCommand(bwrap, prlimit, setpriv, node, script, settings);
    }

    private static Path tool(Optional<String> configured, String name, String missing) {
        if (configured.isPresent()) {
            Path path = Path.of(configured.get());
            if (!Files.isExecutable(path)) {
                throw new SandboxUnavailableException(path + " is not an executable file");
            }
            return path;
        }
        List<String> dirs = new ArrayList<>(List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin", "/usr/local/bin"));
        String pathVariable = System.getenv("PATH");
        if (pathVariable != null) {
            dirs.addAll(List.of(pathVariable.split(":")));
        }
        for (String dir : dirs) {
            if (!dir.isBlank() && Files.isExecutable(Path.of(dir, name))) {
                return Path.of(dir, name);
            }
        }
        throw new SandboxUnavailableException(missing);
    }

    /** The command line of the worker in slot {@code slot}. */
    List<String> argv(int slot) {
        List<String> argv = new ArrayList<>();
        long addressSpace = (long) settings.memoryMb() * 1024 * 1024 + ADDRESS_SPACE_ALLOWANCE;
        argv.addAll(List.of(prlimit.toString(), "--as=" + addressSpace, "--nproc=" + PROCESSES,
                "--nofile=" + OPEN_FILES, "--cpu=" + settings.cpuSecondsPerWorker(), "--fsize=" + FILE_SIZE,
                "--core=0", "--"));
        setpriv.ifPresent(tool -> argv.addAll(List.of(tool.toString(), "--reuid=" + (FIRST_UID + slot),
                "--regid=" + (FIRST_UID + slot), "--clear-groups", "--")));
        argv.addAll(List.of(bwrap.toString(), "--unshare-all", "--die-with-parent", "--new-session",
                "--cap-drop", "ALL", "--ro-bind", "/usr", "/usr"));
        for (String dir : List.of("lib", "lib64", "bin")) {
            Path host = Path.of("/", dir);
            if (Files.isSymbolicLink(host)) {
                argv.addAll(List.of("--symlink", "usr/" + dir, "/" + dir));
            } else if (Files.isDirectory(host)) {
                argv.addAll(List.of("--ro-bind", host.toString(), host.toString()));
            }
        }
        if (!node.startsWith("/usr/")) {
            // a Node.js installed outside /usr (e.g. /opt/node/bin/node): its installation, read-only
            Path prefix = node.getParent().getParent();
            argv.addAll(List.of("--ro-bind", prefix.toString(), prefix.toString()));
        }
        argv.addAll(List.of("--ro-bind", script.toString(), SCRIPT_INSIDE,
                "--proc", "/proc", "--dev", "/dev",
                "--size", Long.toString(TMP_SIZE), "--tmpfs", "/tmp",
                "--clearenv", "--setenv", "UV_THREADPOOL_SIZE", "1", "--chdir", "/tmp", "--",
                node.toString(), "--max-old-space-size=" + settings.memoryMb(), "--v8-pool-size=1",
                "--experimental-permission", "--allow-fs-read=" + SCRIPT_INSIDE, "--disable-proto=delete",
                "--no-warnings", "--no-expose-wasm", SCRIPT_INSIDE));
        return argv;
    }

    /** Whether the kernel runs as root (then each worker gets an unprivileged user of its own). */
    static boolean runningAsRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[1].equals("0");
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return false;
    }
}
