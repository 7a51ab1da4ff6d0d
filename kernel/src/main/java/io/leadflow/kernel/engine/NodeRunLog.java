package io.leadflow.kernel.engine;

import io.leadflow.api.node.NodeLogger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.FormattingTuple;
import org.slf4j.helpers.MessageFormatter;

/**
 * The logger a node gets for one run: each line goes to the kernel's log and is kept with the
 * node run, so the run's page shows what the node printed (a Code node's {@code console.log}).
 * Bounded in lines and characters; what is past the bound is counted, not kept, so a node that
 * logs in a loop cannot bloat the database. Debug lines go to the kernel's log only.
 * Plugin threads may log concurrently with each other.
 */
final class NodeRunLog implements NodeLogger {
    static final int MAX_LINES = 200;
    static final int MAX_CHARS = 64 * 1024;
    /** One line past this is cut: a single huge line must not take the whole allowance. */
    static final int MAX_LINE_CHARS = 8 * 1024;

    private final Logger logger;
    private final List<Map<String, Object>> lines = new ArrayList<>();
    private int chars;
    private int dropped;

    NodeRunLog(String name) {
        this.logger = LoggerFactory.getLogger(name);
    }

    @Override
    public void debug(String message, Object... arguments) {
        logger.debug(message, arguments);
    }

    @Override
    public void info(String message, Object... arguments) {
        logger.info(message, arguments);
        keep("info", message, arguments);
    }

    @Override
    public void warn(String message, Object... arguments) {
        logger.warn(message, arguments);
        keep("warn", message, arguments);
    }

    @Override
    public void error(String message, Object... arguments) {
        logger.error(message, arguments);
        keep("error", message, arguments);
    }

    private synchronized void keep(String level, String message, Object[] arguments) {
        FormattingTuple formatted = MessageFormatter.arrayFormat(message, arguments);
        String text = String.valueOf(formatted.getMessage());
        if (formatted.getThrowable() != null) {
            text = text + ": " + formatted.getThrowable();
        }
        if (text.length() > MAX_LINE_CHARS) {
            text = text.substring(0, MAX_LINE_CHARS) + "… (" + (text.length() - MAX_LINE_CHARS) + " more characters)";
        }
        if (lines.size() >= MAX_LINES || chars + text.length() > MAX_CHARS) {
            dropped++;
            return;
        }
        chars += text.length();
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("at", Instant.now().toString());
        line.put("level", level);
        line.put("message", text);
        lines.add(line);
    }

    /** The kept lines, with a last line counting those past the bound; empty if nothing was logged. */
    synchronized List<Map<String, Object>> lines() {
        if (dropped == 0) {
            return List.copyOf(lines);
        }
        List<Map<String, Object>> all = new ArrayList<>(lines);
        Map<String, Object> note = new LinkedHashMap<>();
        note.put("at", Instant.now().toString());
        note.put("level", "warn");
        note.put("message", dropped + " more line(s) not kept: a node run keeps at most " + MAX_LINES
                + " lines and " + MAX_CHARS + " characters");
        all.add(note);
        return all;
    }
}
