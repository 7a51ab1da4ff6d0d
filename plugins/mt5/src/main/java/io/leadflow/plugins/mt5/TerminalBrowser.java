package io.leadflow.plugins.mt5;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.PlaywrightException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.stream.Stream;

/**
 * The bounded browser pool: one Chromium process for the whole plugin, and at most
 * {@link BrowserSettings#maxContexts()} reads at a time, each in a fresh browser context that is
 * closed when the read ends.
 *
 * <p>Why it is built like this: Playwright for Java is not thread-safe (every object must be used
 * from the thread that created its {@link Playwright}), and one Playwright launching the browser
 * would serialise every read. So Chromium is started here, with a DevTools endpoint on
 * 127.0.0.1, and each of the pool's worker threads owns one Playwright (one Node.js driver
 * process) connected to that single Chromium over CDP. A worker runs one read at a time; the
 * number of workers is the bound on contexts. Reads beyond it wait in a bounded queue, and are
 * refused as {@code busy} when it is full. If Chromium dies, the next read starts a new one.
 */
final class TerminalBrowser implements AutoCloseable {
    private static final Duration LAUNCH_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
    private static final ThreadLocal<Worker> CURRENT = new ThreadLocal<>();

    private final BrowserSettings settings;
    private final ThreadPoolExecutor workers;
    private final Set<Worker> connected = ConcurrentHashMap.newKeySet();
    private final AtomicInteger openContexts = new AtomicInteger();
    private final AtomicInteger peakContexts = new AtomicInteger();
    private final AtomicInteger threadNumbers = new AtomicInteger();
    private final Object chromiumLock = new Object();
    private Process chromium;
    private Path profile;
    private String endpoint;
    private int generation;
    private volatile boolean closed;

    /** A read to run in a fresh browser context before {@code deadline}. */
    @FunctionalInterface
    interface ContextWork<T> extends BiFunction<BrowserContext, Instant, T> {
    }

    TerminalBrowser(BrowserSettings settings) {
        this.settings = settings;
        BlockingQueue<Runnable> queue = settings.maxQueued() == 0 ? new SynchronousQueue<>()
                : new ArrayBlockingQueue<>(settings.maxQueued());
        this.workers = new ThreadPoolExecutor(settings.maxContexts(), settings.maxContexts(), 0, TimeUnit.SECONDS,
                queue, task -> {
                    Thread thread = new Thread(() -> {
                        try {
                            warmUp();
                            task.run();
                        } finally {
                            // the thread's Playwright may only be closed by the thread that made it
                            Worker worker = CURRENT.get();
                            if (worker != null) {
                                worker.close();
                                connected.remove(worker);
                                CURRENT.remove();
                            }
                        }
                    }, "mt5-browser-" + threadNumbers.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /**
     * Connects a new worker thread to Chromium before it takes its first read, so that only the
     * pool's very first read waits for a driver to start, not the first read of each worker. A
     * failure here is left for the read to meet and report.
     */
    private void warmUp() {
        try {
            connectedBrowser();
        } catch (RuntimeException e) {
            // the first read on this thread tries again and fails with the reason
        }
    }

    /** @return the settings this pool runs with */
    BrowserSettings settings() {
        return settings;
    }

    /**
     * Runs {@code work} in a new browser context on one of the pool's workers; the context is
     * closed afterwards whatever happens. The returned stage fails with a {@link TerminalException}
     * ({@code busy}, {@code timeout}, {@code browser-unavailable}) or whatever the work threw.
     *
     * @param options the new context's options (viewport, stored session)
     * @param budget the longest time from now, queueing included
     * @param work the read
     */
    <T> CompletableFuture<T> run(Browser.NewContextOptions options, Duration budget, ContextWork<T> work) {
        Instant deadline = Instant.now().plus(budget);
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            workers.execute(() -> {
                if (result.isDone()) {
                    return;
                }
                if (Instant.now().isAfter(deadline)) {
                    result.completeExceptionally(TerminalException.timeout(
                            "no browser context became free within " + budget.toSeconds() + " s"));
                    return;
                }
                try {
                    result.complete(inNewContext(options, deadline, work));
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(closed
                    ? TerminalException.browserUnavailable("the MT5 plugin is stopping", null)
                    : TerminalException.busy("all " + settings.maxContexts() + " browser contexts are busy and "
                    + settings.maxQueued() + " reads are already waiting"));
            return result;
        }
        // every Playwright call has its own timeout; this only guards against one that does not
        return result.orTimeout(budget.toMillis() + 5_000, TimeUnit.MILLISECONDS)
                .exceptionally(error -> {
                    Throwable cause = error instanceof CompletionException && error.getCause() != null
                            ? error.getCause() : error;
                    if (cause instanceof TimeoutException) {
                        throw new CompletionException(TerminalException.timeout(
                                "the read did not finish within " + budget.toSeconds() + " s"));
                    }
                    throw error instanceof CompletionException completion ? completion : new CompletionException(error);
                });
    }

    private <T> T inNewContext(Browser.NewContextOptions options, Instant deadline, ContextWork<T> work) {
        Browser browser = connectedBrowser();
        int open = openContexts.incrementAndGet();
        peakContexts.accumulateAndGet(open, Math::max);
        BrowserContext context = null;
        if (workers.getPoolSize() < settings.maxContexts() && !closed) {
            // Chromium runs now: the other workers start and connect in the background, so later
            // reads find a connected worker instead of each new one starting a driver first
            workers.prestartAllCoreThreads();
        }
        try {
            context = browser.newContext(options);
            return work.apply(context, deadline);
        } finally {
            if (context != null) {
                try {
                    context.close();
                } catch (PlaywrightException e) {
                    // the browser went away with the context in it; nothing is left to close
                }
            }
            openContexts.decrementAndGet();
        }
    }

    /** This worker thread's connection to the current Chromium, made or renewed as needed. */
    private Browser connectedBrowser() {
        Worker worker = CURRENT.get();
        String current;
        int currentGeneration;
        synchronized (chromiumLock) {
            current = ensureChromium();
            currentGeneration = generation;
        }
        if (worker != null && worker.generation == currentGeneration && worker.browser.isConnected()) {
            return worker.browser;
        }
        if (worker != null) {
            worker.close();
            connected.remove(worker);
            CURRENT.remove();
        }
        Playwright playwright;
        try {
            playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of(
                    "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1",
                    "PLAYWRIGHT_NODEJS_PATH", settings.node().toString())));
        } catch (RuntimeException e) {
            throw TerminalException.browserUnavailable("Playwright's driver did not start with Node.js "
                    + settings.node() + " (set LEADFLOW_MT5_NODE): " + e.getMessage(), e);
        }
        try {
            Browser browser = playwright.chromium().connectOverCDP(current,
                    new BrowserType.ConnectOverCDPOptions().setTimeout(LAUNCH_TIMEOUT.toMillis()));
            Worker made = new Worker(playwright, browser, currentGeneration);
            CURRENT.set(made);
            connected.add(made);
            return browser;
        } catch (RuntimeException e) {
            playwright.close();
            throw TerminalException.browserUnavailable("cannot connect to Chromium: " + e.getMessage(), e);
        }
    }

    /** The DevTools endpoint of a running Chromium, started if there is none. Holds {@link #chromiumLock}. */
    private String ensureChromium() {
        if (closed) {
            throw TerminalException.browserUnavailable("the MT5 plugin is stopping", null);
        }
        if (chromium != null && chromium.isAlive() && endpoint != null) {
            return endpoint;
        }
        stopChromium();
        if (!Files.isExecutable(settings.chromium())) {
            throw TerminalException.browserUnavailable("no Chromium at " + settings.chromium()
                    + " (install chromium or set LEADFLOW_MT5_CHROMIUM)", null);
        }
        try {
            profile = Files.createTempDirectory("leadflow-mt5-chromium-");
            List<String> command = new ArrayList<>();
            command.add(settings.chromium().toString());
            command.addAll(BrowserSettings.CHROMIUM_FLAGS);
            command.add("--remote-debugging-address=127.0.0.1");
            command.add("--remote-debugging-port=0");
            command.add("--user-data-dir=" + profile);
            command.add("about:blank");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(profile.resolve("chromium.log").toFile());
            // the kernel's environment holds secrets (the master key); the browser needs none of it
            Map<String, String> environment = builder.environment();
            String path = environment.getOrDefault("PATH", "/usr/bin:/bin");
            String lang = environment.getOrDefault("LANG", "C.UTF-8");
            environment.clear();
            environment.put("PATH", path);
            environment.put("LANG", lang);
            environment.put("HOME", profile.toString());
            chromium = builder.start();
            generation++;
            endpoint = awaitEndpoint(profile.resolve("DevToolsActivePort"));
            return endpoint;
        } catch (IOException e) {
            stopChromium();
            throw TerminalException.browserUnavailable("cannot start Chromium: " + e.getMessage(), e);
        }
    }

    private String awaitEndpoint(Path portFile) throws IOException {
        Instant until = Instant.now().plus(LAUNCH_TIMEOUT);
        while (Instant.now().isBefore(until)) {
            if (!chromium.isAlive()) {
                String log = Files.readString(profile.resolve("chromium.log"), StandardCharsets.UTF_8);
                stopChromium();
                throw TerminalException.browserUnavailable("Chromium exited at start: "
                        + log.substring(Math.max(0, log.length() - 500)).strip(), null);
            }
            if (Files.exists(portFile)) {
                List<String> lines = Files.readAllLines(portFile, StandardCharsets.UTF_8);
                if (lines.size() >= 2 && !lines.get(1).isBlank()) {
                    return "ws://127.0.0.1:" + lines.get(0).trim() + lines.get(1).trim();
                }
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        stopChromium();
        throw TerminalException.browserUnavailable("Chromium did not open its DevTools endpoint within "
                + LAUNCH_TIMEOUT.toSeconds() + " s", null);
    }

    /** Ends Chromium and every process it started, and removes its profile. Holds {@link #chromiumLock}. */
    private void stopChromium() {
        endpoint = null;
        if (chromium != null) {
            ProcessHandle browser = chromium.toHandle();
            List<ProcessHandle> tree = Stream.concat(browser.descendants(), Stream.of(browser)).toList();
            chromium.destroy();
            try {
                chromium.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
            for (ProcessHandle process : tree) {
                try {
                    process.onExit().get(2, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
                    // killed, but not yet reaped by its parent; it holds nothing any more
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            chromium = null;
        }
        if (profile != null) {
            deleteTree(profile);
            profile = null;
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    // Chromium may still be writing a file as it exits; the temp folder is cleaned later
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // as above
        }
    }

    /** @return how many browser contexts are open now */
    int openContexts() {
        return openContexts.get();
    }

    /** @return the most browser contexts that were ever open at once */
    int peakContexts() {
        return peakContexts.get();
    }

    /** @return the process ids of Chromium and every process it started; empty when none runs */
    List<Long> chromiumProcesses() {
        synchronized (chromiumLock) {
            if (chromium == null || !chromium.isAlive()) {
                return List.of();
            }
            ProcessHandle browser = chromium.toHandle();
            return Stream.concat(Stream.of(browser), browser.descendants()).map(ProcessHandle::pid).toList();
        }
    }

    /** @return how many Playwright drivers (Node.js processes) are connected to Chromium */
    int connectedDrivers() {
        return connected.size();
    }

    /** Stops taking reads, lets running ones end, closes every driver and ends Chromium. */
    @Override
    public void close() {
        closed = true;
        workers.shutdown();
        try {
            if (!workers.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        synchronized (chromiumLock) {
            stopChromium();
        }
        try {
            // with Chromium gone a stuck read fails at once, and its thread closes its driver
            workers.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One worker thread's Playwright and its connection to Chromium. */
    private record Worker(Playwright playwright, Browser browser, int generation) {
        void close() {
            try {
                playwright.close();
            } catch (RuntimeException e) {
                // the driver process already ended
            }
        }
    }
}
