package io.leadflow.kernel.plugin;

import io.leadflow.kernel.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first-party plugins that ship with the distribution are copied into the data folder on the
 * very first start (no plugin recorded, no jar present), so a plugin an admin uninstalls later
 * does not come back on the next restart.
 */
public final class BundledPlugins {
    private static final Logger LOG = LoggerFactory.getLogger(BundledPlugins.class);

    private BundledPlugins() {
    }

    public static void copyOnFirstStart(Optional<Path> bundled, Path pluginsDir, Store store) {
        if (bundled.isEmpty() || !Files.isDirectory(bundled.get())) {
            return;
        }
        store.register(PluginMapper.class);
        boolean noJars;
        try (Stream<Path> present = jars(pluginsDir)) {
            noJars = present.findAny().isEmpty();
        }
        boolean firstStart = noJars && store.inTransaction(PluginMapper.class, PluginMapper::findAll).isEmpty();
        if (!firstStart) {
            return;
        }
        try (Stream<Path> jars = jars(bundled.get())) {
            for (Path jar : jars.toList()) {
                Files.copy(jar, pluginsDir.resolve(jar.getFileName()));
                LOG.info("Installing bundled plugin {}", jar.getFileName());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy bundled plugins from " + bundled.get(), e);
        }
    }

    private static Stream<Path> jars(Path directory) {
        if (!Files.isDirectory(directory)) {
            return Stream.empty();
        }
        try {
            return Files.list(directory).filter(path -> path.getFileName().toString().endsWith(".jar"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }
}
