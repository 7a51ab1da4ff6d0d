package io.leadflow.kernel.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Lowers this JVM's threads (the kernel the browser talks to, and the test) to nice 10 while the
 * editor's figures are taken, and puts them back after. On a machine of its own the browser would
 * not share its cores with the server running the workflow; on this 2-core machine the kernel's work
 * during a run otherwise takes the core the page needs, and the figure measures the machine rather
 * than the editor. Linux only; elsewhere (or without permission to renice) it changes nothing.
 */
final class KernelBehindBrowser implements AutoCloseable {
    private static final int NICE = 10;
    private final boolean lowered;

    private KernelBehindBrowser(boolean lowered) {
        this.lowered = lowered;
    }

    static KernelBehindBrowser lower() {
        return new KernelBehindBrowser(renice(NICE));
    }

    /** Whether the JVM's threads were lowered, for the figures' caption. */
    boolean lowered() {
        return lowered;
    }

    @Override
    public void close() {
        if (lowered) {
            renice(0);
        }
    }

    /** Sets every thread of this process to {@code nice} (a thread's priority is its own on Linux; new threads inherit their creator's). */
    private static boolean renice(int nice) {
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return false;
        }
        List<String> command = new ArrayList<>(List.of("renice", "-n", Integer.toString(nice), "-p"));
        try (Stream<Path> threads = Files.list(tasks)) {
            threads.forEach(thread -> command.add(thread.getFileName().toString()));
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
