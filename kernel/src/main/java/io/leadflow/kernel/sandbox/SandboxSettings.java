package io.leadflow.kernel.sandbox;

import io.leadflow.kernel.boot.LeadFlowConfig;
import java.time.Duration;
import java.util.Optional;

/**
 * How the code sandbox is set up.
 *
 * @param enabled false when {@code LEADFLOW_SANDBOX=off}
 * @param workers worker processes kept running
 * @param memoryMb the V8 heap of a worker; its address space is this plus a fixed allowance
 * @param runsPerWorker runs after which a worker is replaced by a fresh process (1: a process per run)
 * @param cpuSecondsPerWorker the CPU-seconds limit of a worker process; it is replaced at half of it
 * @param maxTimeout the longest a run may take, whatever the node asks
 * @param maxOutputChars the largest result (JSON characters) a run may return
 * @param consoleLines how many console lines a run keeps
 * @param consoleChars how many console characters a run keeps
 * @param node the Node.js binary, or empty to look on the usual paths
 * @param bwrap the bubblewrap binary, or empty to look on the usual paths
 */
public record SandboxSettings(boolean enabled, int workers, int memoryMb, int runsPerWorker, int cpuSecondsPerWorker,
                              Duration maxTimeout, long maxOutputChars, int consoleLines, int consoleChars,
                              Optional<String> node, Optional<String> bwrap) {

    /** The settings from the kernel's configuration. */
    public static SandboxSettings from(LeadFlowConfig config) {
        return new SandboxSettings(config.sandboxEnabled(), config.sandboxWorkers(), config.sandboxMemoryMb(),
                config.sandboxRunsPerWorker(), config.sandboxCpuSecondsPerWorker(), config.sandboxMaxTimeout(),
                config.maxNodeOutputBytes(), 1_000, 64 * 1024, config.sandboxNode(), config.sandboxBwrap());
    }
}
