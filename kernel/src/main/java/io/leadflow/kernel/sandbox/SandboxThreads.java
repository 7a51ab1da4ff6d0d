package io.leadflow.kernel.sandbox;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The daemon threads that read the workers' pipes (blocking reads, one per pipe at a time). */
final class SandboxThreads {
    static final ExecutorService READERS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "sandbox-pipe");
        thread.setDaemon(true);
        return thread;
    });

    private SandboxThreads() {
    }
}
