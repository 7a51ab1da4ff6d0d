package io.leadflow.kernel.dashboard;

import io.leadflow.kernel.circuit.CircuitRegistry;
import io.leadflow.kernel.store.Store;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Assembles the dashboard of one range: every bucket present (zeros included), oldest first. */
public final class DashboardService {
    static final List<String> STATUSES = List.of("succeeded", "failed", "running", "waiting", "canceled");
    private static final int FAILING_WORKFLOWS = 10;

    private final Store store;
    private final CircuitRegistry circuits;
    private final Clock clock;

    public DashboardService(Store store, CircuitRegistry circuits) {
        this(store, circuits, Clock.systemUTC());
    }

    DashboardService(Store store, CircuitRegistry circuits, Clock clock) {
        this.store = store.register(DashboardMapper.class);
        this.circuits = circuits;
        this.clock = clock;
    }

    /** The dashboard of {@code range} ("24h", "7d" or "30d"; 24h when absent). */
    public Map<String, Object> dashboard(String range) {
        DashboardRange parsed = DashboardRange.parse(range);
        DashboardRange.Window window = parsed.window(clock.instant());
        record Counts(List<DashboardMapper.SlotCount> leads, List<DashboardMapper.SlotCount> executions,
                      List<DashboardMapper.FailingWorkflow> failing) {
        }
        // one transaction: one connection from the pool, one consistent moment for all three counts
        Counts counts = store.inTransaction(DashboardMapper.class, mapper -> new Counts(
                mapper.leadsCreated(window.from(), window.to(), window.bucketSeconds()),
                mapper.executions(window.from(), window.to(), window.bucketSeconds()),
                mapper.failingWorkflows(window.from(), window.to(), FAILING_WORKFLOWS)));

        long[] leads = new long[window.buckets()];
        for (DashboardMapper.SlotCount count : counts.leads()) {
            int index = window.index(count.slot);
            if (index >= 0) {
                leads[index] += count.count;
            }
        }
        long[][] executions = new long[window.buckets()][STATUSES.size()];
        for (DashboardMapper.SlotCount count : counts.executions()) {
            int index = window.index(count.slot);
            int status = STATUSES.indexOf(count.status);
            if (index >= 0 && status >= 0) {
                executions[index][status] += count.count;
            }
        }

        Map<String, Long> totals = new LinkedHashMap<>();
        List<Map<String, Object>> leadSeries = new ArrayList<>(window.buckets());
        List<Map<String, Object>> executionSeries = new ArrayList<>(window.buckets());
        long leadsTotal = 0;
        long[] statusTotals = new long[STATUSES.size()];
        for (int i = 0; i < window.buckets(); i++) {
            String t = window.start(i).toString();
            leadSeries.add(Map.of("t", t, "count", leads[i]));
            leadsTotal += leads[i];
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("t", t);
            for (int s = 0; s < STATUSES.size(); s++) {
                point.put(STATUSES.get(s), executions[i][s]);
                statusTotals[s] += executions[i][s];
            }
            executionSeries.add(point);
        }

        List<Map<String, Object>> failing = counts.failing().stream().map(row -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", row.id.toString());
            entry.put("name", row.name);
            entry.put("failures", row.failures);
            entry.put("lastFailureAt", row.lastFailureAt.toString());
            return entry;
        }).toList();
        List<Map<String, Object>> openCircuits = circuits.states().stream()
                .filter(state -> !"closed".equals(state.get("state"))).toList();

        totals.put("leadsCreated", leadsTotal);
        long executionsTotal = 0;
        for (long count : statusTotals) {
            executionsTotal += count;
        }
        totals.put("executions", executionsTotal);
        for (int s = 0; s < STATUSES.size(); s++) {
            totals.put(STATUSES.get(s), statusTotals[s]);
        }
        totals.put("failingWorkflows", counts.failing().isEmpty() ? 0 : counts.failing().get(0).failingWorkflows);
        totals.put("openCircuits", (long) openCircuits.size());

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("range", parsed.id());
        body.put("bucket", parsed.bucketName());
        body.put("bucketSeconds", window.bucketSeconds());
        body.put("from", window.from().toString());
        body.put("to", window.to().toString());
        body.put("leadsCreated", leadSeries);
        body.put("executions", executionSeries);
        body.put("failingWorkflows", failing);
        body.put("openCircuits", openCircuits);
        body.put("totals", totals);
        return body;
    }
}
