package io.leadflow.testkit;

import io.leadflow.api.node.NodeLogger;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A logger that keeps every line, formatted, for assertions ({@code "WARN slow provider"}). */
public final class RecordingLogger implements NodeLogger {
    private final List<String> lines = new CopyOnWriteArrayList<>();

    /** @return the lines logged so far, each prefixed with its level */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void debug(String message, Object... arguments) {
        record("DEBUG", message, arguments);
    }

    @Override
    public void info(String message, Object... arguments) {
        record("INFO", message, arguments);
    }

    @Override
    public void warn(String message, Object... arguments) {
        record("WARN", message, arguments);
    }

    @Override
    public void error(String message, Object... arguments) {
        record("ERROR", message, arguments);
    }

    private void record(String level, String message, Object... arguments) {
        StringBuilder line = new StringBuilder(level).append(' ');
        int argument = 0;
        for (int i = 0; i < message.length(); i++) {
            if (message.startsWith("{}", i) && argument < arguments.length) {
                line.append(arguments[argument++]);
                i++;
            } else {
                line.append(message.charAt(i));
            }
        }
        lines.add(line.toString());
    }
}
