package io.leadflow.kernel.plugin;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.pf4j.ClassLoadingStrategy;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginManager;

/**
 * A plugin's class loader: the plugin's own classes (and the libraries inlined in its jar) first,
 * so two plugins may carry different versions of one library; but the plugin API always from the
 * kernel, so a plugin can never bring its own copy of the contract.
 *
 * <p>Closing is deferred while node runs hold a lease on it: when a plugin is upgraded, runs of the
 * old version finish on the old classes, and the loader closes when the last one is done.
 */
final class ApiFirstClassLoader extends PluginClassLoader {
    private static final String API_PREFIX = "io.leadflow.api.";

    private final AtomicInteger leases = new AtomicInteger();
    private volatile boolean closeRequested;
    private volatile boolean jarClosed;

    ApiFirstClassLoader(PluginManager manager, PluginDescriptor descriptor, ClassLoader parent) {
        super(manager, descriptor, parent, ClassLoadingStrategy.PDA);
    }

    @Override
    public Class<?> loadClass(String className) throws ClassNotFoundException {
        if (className.startsWith(API_PREFIX)) {
            return getParent().loadClass(className);
        }
        return super.loadClass(className);
    }

    /** Keeps the loader open until {@link #release()}; false if it is already closing. */
    synchronized boolean acquire() {
        if (closeRequested) {
            return false;
        }
        leases.incrementAndGet();
        return true;
    }

    synchronized void release() {
        if (leases.decrementAndGet() == 0) {
            notifyAll();
            if (closeRequested) {
                closeNow();
            }
        }
    }

    /**
     * Waits until no node run holds a lease, at most {@code timeoutMillis}: an upgrade lets the
     * old version's runs finish before it stops the plugin they run in.
     *
     * @return whether every lease was let go in time
     */
    synchronized boolean awaitIdle(long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (leases.get() > 0) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    int leases() {
        return leases.get();
    }

    @Override
    public synchronized void close() {
        closeRequested = true;
        if (leases.get() == 0) {
            closeNow();
        }
    }

    private void closeNow() {
        if (jarClosed) {
            return;
        }
        jarClosed = true;
        try {
            super.close();
        } catch (IOException e) {
            // nothing left to do with a loader that failed to close its jar
        }
    }
}
