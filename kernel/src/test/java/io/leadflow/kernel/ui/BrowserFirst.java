package io.leadflow.kernel.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Puts the browser ahead of the kernel on the CPU while the editor's figures are taken: this JVM's
 * threads (the kernel the browser talks to, and the test) and its scheduling group run at nice 19,
 * and go back to 0 after. On
 * a machine of its own the browser would not share its cores with the server running the workflow;
 * on this 2-core machine the kernel's threads otherwise take the core the page needs, and the figure
 * measures the machine rather than the editor. (Chromium's own priorities cannot be raised from here:
 * it sets its renderers' nice value itself.) Linux only; elsewhere it changes nothing and says so.
 */
final class BrowserFirst implements AutoCloseable {
    private static final int KERNEL_NICE = 19;
    private final boolean applied;

    private BrowserFirst(boolean applied) {
        this.applied = applied;
    }

    /** Lowers the kernel, unless {@code -Dleadflow.e2e.samePriority=true} asks for the figures with both at the same priority. */
    static BrowserFirst apply() {
        if (Boolean.getBoolean("leadflow.e2e.samePriority")) {
            return new BrowserFirst(false);
        }
        // the scheduler shares the CPU between sessions' groups first (autogroup) and by threads' nice values
        // within a group only: Chromium runs in a session of its own, so the JVM's group is lowered as well
        return new BrowserFirst(renice(KERNEL_NICE) & autogroup(KERNEL_NICE));
    }

    /** What was changed, for the figures' caption. */
    String description() {
        return applied ? "kernel's threads run at nice " + KERNEL_NICE : "kernel's threads share the cores with the browser at the same priority";
    }

    @Override
    public void close() {
        if (applied) {
            renice(0);
            autogroup(0);
        }
    }

    /** Sets this process's autogroup's nice value, where the kernel has autogroups (true where it has none: nothing to set). */
    private static boolean autogroup(int nice) {
        Path group = Path.of("/proc/self/autogroup");
        if (!Files.exists(group)) {
            return true;
        }
        try {
            Files.writeString(group, Integer.toString(nice));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Sets every thread of this process to {@code nice} (on Linux a priority is a thread's own; new threads inherit their creator's). */
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
