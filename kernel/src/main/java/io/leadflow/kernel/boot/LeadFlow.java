package io.leadflow.kernel.boot;

import io.leadflow.kernel.store.DatabaseUnavailableException;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code bin/leadflow}'s entry point: reads the configuration, starts the kernel, and on SIGTERM
 * (or Ctrl-C) stops it gracefully before the JVM exits.
 */
public final class LeadFlow {
    private static final Logger LOG = LoggerFactory.getLogger(LeadFlow.class);

    private LeadFlow() {
    }

    public static void main(String[] args) throws InterruptedException {
        Kernel kernel;
        try {
            kernel = Kernel.start(LeadFlowConfig.fromEnvironment());
        } catch (ConfigException | DatabaseUnavailableException e) {
            LOG.error("LeadFlow cannot start: {}", e.getMessage());
            System.exit(2);
            return;
        } catch (Exception e) {
            LOG.error("LeadFlow cannot start", e);
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kernel.close();
            stopped.countDown();
        }, "leadflow-shutdown"));
        System.out.println("LeadFlow is running at " + kernel.baseUri() + "  (log in as described in README.md)");
        stopped.await();
    }
}
