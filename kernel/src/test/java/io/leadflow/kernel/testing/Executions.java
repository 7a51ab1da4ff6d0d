package io.leadflow.kernel.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** Waits for an execution to reach a status, reading it over the API. */
public final class Executions {
    private Executions() {
    }

    /** The execution once its status is one of {@code statuses}; fails after {@code seconds}. */
    public static JsonNode awaitStatus(ApiClient client, String executionId, int seconds, String... statuses) {
        Set<String> wanted = Set.of(statuses);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = client.get("/api/v1/executions/" + executionId).json();
            if (wanted.contains(last.get("status").asText())) {
                return last;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
        throw new AssertionError("execution " + executionId + " did not reach " + wanted + ": " + last);
    }
}
