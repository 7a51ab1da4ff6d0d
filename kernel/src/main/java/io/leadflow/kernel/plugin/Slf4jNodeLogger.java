package io.leadflow.kernel.plugin;

import io.leadflow.api.node.NodeLogger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugin API's logger over SLF4J, named for what logs: {@code plugin.<id>}, {@code node.<type>},
 * {@code trigger.<type>}.
 */
public final class Slf4jNodeLogger implements NodeLogger {
    private final Logger logger;

    public Slf4jNodeLogger(String name) {
        this.logger = LoggerFactory.getLogger(name);
    }

    @Override
    public void debug(String message, Object... arguments) {
        logger.debug(message, arguments);
    }

    @Override
    public void info(String message, Object... arguments) {
        logger.info(message, arguments);
    }

    @Override
    public void warn(String message, Object... arguments) {
        logger.warn(message, arguments);
    }

    @Override
    public void error(String message, Object... arguments) {
        logger.error(message, arguments);
    }
}
