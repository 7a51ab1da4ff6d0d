package io.leadflow.kernel.sandbox;

import io.leadflow.api.code.CodeException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One confined worker process and its pipes. It takes one request at a time: a line of JSON on its
 * stdin, answered by a line on its stdout, which is read with a bound (a line longer than
 * {@code maxLineBytes} ends the process). Its stderr is kept, last few kilobytes only, to tell why
 * it died. Used by one pool slot thread at a time.
 */
final class SandboxWorker implements AutoCloseable {
    private static final int STDERR_KEPT = 8 * 1024;
    private static final int MAX_LINE_START = 64 * 1024;

    private final Process process;
    private final OutputStream stdin;
    private final InputStream stdout;
    private final StderrTail stderr;
    private final long maxLineBytes;
    private int runs;
    private long cpuMillis;

    private SandboxWorker(Process process, long maxLineBytes) {
        this.process = process;
        this.stdin = process.getOutputStream();
        this.stdout = process.getInputStream();
        this.stderr = new StderrTail(process.getErrorStream());
        this.maxLineBytes = maxLineBytes;
    }

    /**
     * Starts a worker and waits for its ready line.
     *
     * @throws SandboxUnavailableException if it does not start, with what it printed
     */
    static SandboxWorker start(List<String> argv, long maxLineBytes, long readyMillis) {
        Process process;
        try {
            process = new ProcessBuilder(argv).start();
        } catch (IOException e) {
            throw new SandboxUnavailableException("cannot start the sandbox: " + e.getMessage());
        }
        SandboxWorker worker = new SandboxWorker(process, maxLineBytes);
        try {
            Line ready = worker.readLine(readyMillis);
            if (ready.text() == null || !ready.text().contains("\"ready\":true")) {
                worker.close();
                throw new SandboxUnavailableException("the sandbox did not start: " + worker.diagnosis());
            }
        } catch (TimeoutException e) {
            worker.close();
            throw new SandboxUnavailableException("the sandbox did not start within " + readyMillis + " ms");
        }
        return worker;
    }

    /** Writes one request line. */
    void send(String requestLine) throws IOException {
        stdin.write(requestLine.getBytes(StandardCharsets.UTF_8));
        stdin.write('\n');
        stdin.flush();
        runs++;
    }

    /**
     * Reads the answer line, waiting at most {@code millis}; a null text means the process ended,
     * {@link Line#tooLong()} that it printed more than allowed (and it has been ended).
     */
    Line readLine(long millis) throws TimeoutException {
        CompletableFuture<Line> reading = CompletableFuture.supplyAsync(this::readBoundedLine, SandboxThreads.READERS);
        try {
            return reading.get(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            return new Line(null, false);
        } catch (ExecutionException e) {
            close();
            return new Line(null, false);
        } catch (TimeoutException e) {
            // ending the process ends the blocked read too
            close();
            reading.join();
            throw e;
        }
    }

    private Line readBoundedLine() {
        ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
        byte[] buffer = new byte[8192];
        try {
            while (true) {
                int read = stdout.read(buffer, 0, buffer.length);
                if (read < 0) {
                    return new Line(null, false);
                }
                for (int i = 0; i < read; i++) {
                    if (buffer[i] == '\n') {
                        line.write(buffer, 0, i);
                        if (i + 1 < read) {
                            // the protocol is one answer per request: anything after it is not ours to read
                            close();
                        }
                        return new Line(line.toString(StandardCharsets.UTF_8), false);
                    }
                }
                line.write(buffer, 0, read);
                if (line.size() > maxLineBytes + MAX_LINE_START) {
                    close();
                    return new Line(null, true);
                }
            }
        } catch (IOException e) {
            return new Line(null, false);
        }
    }

    /** Why the process ended, for the user: its exit and what its stderr says. */
    String diagnosis() {
        String tail = stderr.text();
        Integer exit = exitCode();
        String status = exit == null ? "still running" : exit > 128 ? "killed by signal " + (exit - 128)
                : "exited with " + exit;
        return status + (tail.isBlank() ? "" : ": " + lastLines(tail, 4));
    }

    /** The code of the failure of a process that ended while running user code. */
    String deathCode() {
        String tail = stderr.text();
        if (tail.contains("heap out of memory") || tail.contains("Allocation failed")
                || tail.contains("Fatal JavaScript invalid size error") || tail.contains("Out of memory")) {
            return CodeException.MEMORY;
        }
        return CodeException.CRASHED;
    }

    private Integer exitCode() {
        try {
            if (process.waitFor(200, TimeUnit.MILLISECONDS)) {
                return process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    private static String lastLines(String text, int count) {
        String[] lines = text.strip().split("\n");
        StringBuilder out = new StringBuilder();
        for (int i = Math.max(0, lines.length - count); i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                out.append(out.length() == 0 ? "" : " / ").append(lines[i].strip());
            }
        }
        return out.toString();
    }

    int runs() {
        return runs;
    }

    long cpuMillis() {
        return cpuMillis;
    }

    void cpuMillis(long cpuMillis) {
        this.cpuMillis = cpuMillis;
    }

    boolean alive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** Ends the process and everything in its namespaces (bwrap dies with its parent, its children with it). */
    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** An answer line, or none because the process ended or printed too much. */
    record Line(String text, boolean tooLong) {
    }

    /** Drains stderr on its own thread, keeping only the last few kilobytes. */
    private static final class StderrTail {
        private final byte[] kept = new byte[STDERR_KEPT];
        private int length;

        StderrTail(InputStream in) {
            SandboxThreads.READERS.execute(() -> {
                byte[] buffer = new byte[4096];
                try {
                    int read;
                    while ((read = in.read(buffer)) >= 0) {
                        append(buffer, read);
                    }
                } catch (IOException e) {
                    // the process ended
                }
            });
        }

        private synchronized void append(byte[] buffer, int read) {
            int take = Math.min(read, STDERR_KEPT);
            int keep = Math.min(length, STDERR_KEPT - take);
            System.arraycopy(kept, length - keep, kept, 0, keep);
            System.arraycopy(buffer, read - take, kept, keep, take);
            length = keep + take;
        }

        synchronized String text() {
            return new String(kept, 0, length, StandardCharsets.UTF_8);
        }
    }
}
