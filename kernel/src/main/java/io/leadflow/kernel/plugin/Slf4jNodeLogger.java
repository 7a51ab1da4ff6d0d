package io.leadflow.kernel.plugin;

import io.leadflow.api.node.NodeLogger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The plugin API's logger over SLF4J, one logger per plugin ({@code plugin.<id>}). */
final class Slf4jNodeLogger implements NodeLogger {
    private final Logger logger;

    Slf4jNodeLogger(String pluginId) {
        this.logger = LoggerFactory.getLogger("plugin." + pluginId);
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
