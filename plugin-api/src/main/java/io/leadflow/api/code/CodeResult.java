package io.leadflow.api.code;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a run of user code produced: the output items as plain JSON objects, what it printed with
 * {@code console} (bounded by the kernel; a last line says when lines were dropped), and how long
 * it took inside the sandbox.
 *
 * @param items the output items, each a JSON object
 * @param console the printed lines, in order
 * @param duration the time the code ran
 * @since code 1.0.0
 */
public record CodeResult(List<Map<String, Object>> items, List<String> console, Duration duration) {

    /**
     * Creates the result.
     *
     * @param items the output items
     * @param console the printed lines
     * @param duration the time the code ran
     */
    public CodeResult {
        items = List.copyOf(Objects.requireNonNull(items, "items"));
        console = List.copyOf(Objects.requireNonNull(console, "console"));
        Objects.requireNonNull(duration, "duration");
    }
}
