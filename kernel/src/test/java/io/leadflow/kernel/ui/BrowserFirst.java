package io.leadflow.kernel.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Puts the browser ahead of the kernel on the CPU while the editor's figures are taken: this JVM's
 * threads (the kernel the browser talks to, and the test) at nice 10, Chromium's at nice -10, and
 * both back to 0 after. On a machine of its own the browser would not share its cores with the
 * server running the workflow; on this 2-core machine the kernel's threads otherwise take the core
 * the page needs, and the figure measures the machine rather than the editor. Linux only; without
 * permission to renice (raising a priority needs root) it changes what it may and says so.
 */
final class BrowserFirst implements AutoCloseable {
    private final boolean kernelLowered;
    private final boolean browserRaised;

    private BrowserFirst(boolean kernelLowered, boolean browserRaised) {
        this.kernelLowered = kernelLowered;
        this.browserRaised = browserRaised;
    }

    static BrowserFirst apply() {
        return new BrowserFirst(renice(threadsOf(ProcessHandle.current()), 10), renice(browserThreads(), -10));
    }

    /** What was changed, for the figures' caption. */
    String description() {
        return "kernel's threads at nice %s, Chromium's at nice %s".formatted(kernelLowered ? "10" : "0", browserRaised ? "-10" : "0");
    }

    @Override
    public void close() {
        if (kernelLowered) {
            renice(threadsOf(ProcessHandle.current()), 0);
        }
        if (browserRaised) {
            renice(browserThreads(), 0);
        }
    }

    /** Every thread of every Chromium process (its zygotes too: the renderers they fork later inherit their priority). */
    private static List<String> browserThreads() {
        List<String> threads = new ArrayList<>();
        ProcessHandle.allProcesses()
                .filter(process -> process.info().command().map(command -> command.endsWith("/chromium")).orElse(false))
                .forEach(process -> threads.addAll(threadsOf(process)));
        return threads;
    }

    private static List<String> threadsOf(ProcessHandle process) {
        Path tasks = Path.of("/proc", Long.toString(process.pid()), "task");
        if (!Files.isDirectory(tasks)) {
            return List.of();
        }
        try (Stream<Path> threads = Files.list(tasks)) {
            return threads.map(thread -> thread.getFileName().toString()).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Sets each thread to {@code nice} (on Linux a priority is a thread's own; new threads inherit their creator's). */
    private static boolean renice(List<String> threads, int nice) {
        if (threads.isEmpty()) {
            return false;
        }
        List<String> command = new ArrayList<>(List.of("renice", "-n", Integer.toString(nice), "-p"));
        command.addAll(threads);
        try {
            Process renice = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return renice.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
