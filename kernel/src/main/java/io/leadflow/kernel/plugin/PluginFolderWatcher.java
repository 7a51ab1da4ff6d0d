package io.leadflow.kernel.plugin;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks at the plugins folder every few seconds for jars an admin copied in. Polling rather than
 * a file-system watch: it also works on network and container volumes, and a jar is only taken
 * once two looks agree on its size.
 */
public final class PluginFolderWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PluginFolderWatcher.class);

    private final ScheduledExecutorService timer;

    private PluginFolderWatcher(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    public static PluginFolderWatcher start(PluginService plugins, Duration interval) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "plugin-folder-watcher");
            thread.setDaemon(true);
            return thread;
        });
        Map<Path, Long> sizesSeen = new HashMap<>();
        timer.scheduleWithFixedDelay(() -> {
            try {
                plugins.scanDropIns(sizesSeen);
            } catch (RuntimeException e) {
                LOG.warn("Scanning the plugins folder failed: {}", e.getMessage());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return new PluginFolderWatcher(timer);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
