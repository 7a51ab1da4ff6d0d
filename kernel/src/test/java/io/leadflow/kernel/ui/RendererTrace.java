package io.leadflow.kernel.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A Chromium trace (categories toplevel, devtools.timeline, blink.user_timing) read for one figure: how much CPU the
 * page's main thread spent between a mark and the end of a measure. Next to the wall-clock measure
 * it tells the editor's own work from the time it waited for a core the machine's other processes
 * held.
 */
final class RendererTrace {
    private final JsonNode events;

    RendererTrace(byte[] trace) {
        try {
            JsonNode root = new ObjectMapper().readTree(trace);
            this.events = root.isArray() ? root : root.path("traceEvents");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Main-thread CPU milliseconds of the work between {@code mark} and the end of {@code measure} (tasks cut at the edges count in part). */
    double mainThreadCpuMillis(String mark, String measure) {
        JsonNode start = null;
        long end = Long.MIN_VALUE;
        for (JsonNode event : events) {
            String name = event.path("name").asText();
            if (name.equals(mark) && start == null) {
                start = event;
            } else if (name.equals(measure)) {
                end = Math.max(end, event.path("ts").asLong());
            }
        }
        if (start == null || end == Long.MIN_VALUE) {
            throw new IllegalStateException("the trace has no " + mark + " or " + measure);
        }
        long from = start.path("ts").asLong();
        // the renderer main thread is the thread that recorded the mark
        String thread = start.path("pid").asText() + "/" + start.path("tid").asText();
        List<JsonNode> onThread = new ArrayList<>();
        for (JsonNode event : events) {
            if ("X".equals(event.path("ph").asText()) && event.has("tdur")
                    && thread.equals(event.path("pid").asText() + "/" + event.path("tid").asText())) {
                onThread.add(event);
            }
        }
        // outermost events only: a task, or work run outside one (the microtask checkpoint that mounts a page runs
        // outside any task), each counted once, with the events nested in it
        onThread.sort(Comparator.<JsonNode>comparingLong(event -> event.path("ts").asLong())
                .thenComparing(Comparator.<JsonNode>comparingLong(event -> event.path("dur").asLong()).reversed()));
        double micros = 0;
        long covered = Long.MIN_VALUE;
        for (JsonNode event : onThread) {
            long at = event.path("ts").asLong();
            long wall = event.path("dur").asLong();
            if (at < covered) {
                continue;
            }
            covered = at + wall;
            long overlap = Math.min(at + wall, end) - Math.max(at, from);
            if (overlap <= 0 || wall <= 0) {
                continue;
            }
            micros += event.path("tdur").asDouble() * overlap / wall;
        }
        return micros / 1000;
    }
}
