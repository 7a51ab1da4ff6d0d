package io.leadflow.kernel.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PluginBulkheadTest {

    @Test
    void runsOverTheBoundWaitAndStartAsEarlierOnesFinish() {
        PluginBulkhead bulkhead = new PluginBulkhead(2);
        List<CompletableFuture<String>> gates = new ArrayList<>();
        List<CompletableFuture<String>> results = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            CompletableFuture<String> gate = new CompletableFuture<>();
            gates.add(gate);
            results.add(bulkhead.run("mailgun", () -> gate));
        }
        assertThat(bulkhead.inFlight("mailgun")).isEqualTo(2);
        CompletableFuture<String> other = bulkhead.run("vapi", () -> CompletableFuture.completedFuture("other plugin"));
        assertThat(other).isCompletedWithValue("other plugin"); // one plugin's queue never blocks another

        gates.get(0).complete("a");
        assertThat(results.get(0)).isCompletedWithValue("a");
        assertThat(bulkhead.inFlight("mailgun")).isEqualTo(2); // the third started in its place
        gates.get(1).completeExceptionally(new IllegalStateException("provider down"));
        assertThat(results.get(1)).isCompletedExceptionally();
        for (int i = 2; i < 5; i++) {
            gates.get(i).complete("r" + i);
        }
        assertThat(results.get(4)).isCompletedWithValue("r4");
        assertThat(bulkhead.inFlight("mailgun")).isZero();
    }
}
