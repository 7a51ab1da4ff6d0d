package io.leadflow.kernel.engine;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.leadflow.api.node.Item;
import io.leadflow.api.trigger.ScheduleTrigger;
import io.leadflow.kernel.plugin.NodeRegistry;
import io.leadflow.kernel.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Update;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires the schedule triggers of active workflows. Every second it looks for due cron times (in
 * each schedule's time zone); a firing is claimed by inserting its row into {@code schedule_fire},
 * so with several kernels exactly one starts the run. Times missed while no kernel ran are skipped,
 * except the last {@link #CATCH_UP}: a kernel may first see a schedule a few seconds after it
 * became active (routes refresh every five seconds), and a time due in between still fires.
 * Every five seconds it also re-reads the active workflows, so another kernel's activation (and
 * webhook routes) reach this one without a restart.
 */
public final class Scheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
    /** How far back a schedule first seen by this kernel is checked, never before its activation. */
    static final Duration CATCH_UP = Duration.ofSeconds(15);
    private static final CronParser CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    /** The firing claims' SQL. */
    interface FireMapper {
        @Insert("""
                INSERT INTO schedule_fire (workflow_id, node_id, due_at) VALUES (#{workflowId}, #{nodeId}, #{dueAt})
                ON CONFLICT DO NOTHING
                """)
        int claim(@Param("workflowId") UUID workflowId, @Param("nodeId") String nodeId, @Param("dueAt") Instant dueAt);

        @Update("UPDATE schedule_fire SET execution_id = #{executionId} WHERE workflow_id = #{workflowId} "
                + "AND node_id = #{nodeId} AND due_at = #{dueAt}")
        void started(@Param("workflowId") UUID workflowId, @Param("nodeId") String nodeId,
                     @Param("dueAt") Instant dueAt, @Param("executionId") UUID executionId);

        @Insert("INSERT INTO trigger_cursor (workflow_id, node_id) VALUES (#{workflowId}, #{nodeId}) ON CONFLICT DO NOTHING")
        void ensureCursor(@Param("workflowId") UUID workflowId, @Param("nodeId") String nodeId);

        /** Takes the next poll if it is due: one row back (with the cursor) when this kernel should poll. */
        @org.apache.ibatis.annotations.Select("""
                UPDATE trigger_cursor SET next_poll_at = now() + make_interval(secs => #{seconds})
                WHERE workflow_id = #{workflowId} AND node_id = #{nodeId} AND next_poll_at <= now()
                RETURNING coalesce(cursor, '') AS cursor, cursor IS NULL AS first
                """)
        List<Map<String, Object>> claimPoll(@Param("workflowId") UUID workflowId, @Param("nodeId") String nodeId,
                                            @Param("seconds") double seconds);

        @Update("UPDATE trigger_cursor SET cursor = #{cursor} WHERE workflow_id = #{workflowId} AND node_id = #{nodeId}")
        void moveCursor(@Param("workflowId") UUID workflowId, @Param("nodeId") String nodeId,
                        @Param("cursor") String cursor);
    }

    private final TriggerRoutes routes;
    private final NodeRegistry registry;
    private final Engine engine;
    private final Store store;
    private final Map<String, Instant> checkedUpTo = new ConcurrentHashMap<>();
    private long ticks;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "scheduler");
        thread.setDaemon(true);
        return thread;
    });

    public Scheduler(TriggerRoutes routes, NodeRegistry registry, Engine engine, Store store) {
        this.routes = routes;
        this.registry = registry;
        this.engine = engine;
        this.store = store.register(FireMapper.class);
        timer.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    void tick() {
        // other kernels' activations reach this one through the database: re-read them now and then
        if (ticks++ % 5 == 0) {
            try {
                routes.rebuild();
            } catch (RuntimeException e) {
                LOG.warn("Refreshing trigger routes failed: {}", e.getMessage());
            }
        }
        pollDue();
        Instant now = Instant.now();
        for (TriggerRoutes.ScheduledRoute scheduled : routes.schedules()) {
            TriggerRoutes.Route route = scheduled.route();
            String key = route.workflowId() + "/" + route.version() + "/" + route.nodeId();
            Instant from = checkedUpTo.computeIfAbsent(key, k -> firstChecked(scheduled.changedAt(), now));
            try {
                ExecutionTime times = ExecutionTime.forCron(CRON.parse(scheduled.schedule().cron()));
                ZonedDateTime cursor = from.atZone(scheduled.schedule().zone());
                Optional<ZonedDateTime> next = times.nextExecution(cursor);
                while (next.isPresent() && !next.get().toInstant().isAfter(now)) {
                    fire(route, next.get().toInstant());
                    cursor = next.get();
                    next = times.nextExecution(cursor);
                }
                checkedUpTo.put(key, now);
            } catch (RuntimeException e) {
                LOG.warn("Schedule of workflow {} node {} failed: {}", route.workflowId(), route.nodeId(), e.getMessage());
                checkedUpTo.put(key, now);
            }
        }
    }

    /** Where checking starts for a schedule this kernel has not seen before. */
    static Instant firstChecked(Instant changedAt, Instant now) {
        Instant from = now.minus(CATCH_UP);
        if (changedAt != null && changedAt.isAfter(from)) {
            from = changedAt.isAfter(now) ? now : changedAt;
        }
        return from;
    }

    /**
     * Polls each polling trigger whose interval has passed (once across kernels); new items start
     * one execution, then the cursor moves on. A crash between the two polls the same items again:
     * polling is at-least-once.
     */
    private void pollDue() {
        for (TriggerRoutes.PollingRoute polling : routes.polls()) {
            TriggerRoutes.Route route = polling.route();
            try {
                io.leadflow.api.trigger.TriggerContext context = routes.context(route);
                double seconds = Math.max(1, polling.trigger().interval(context).toMillis() / 1000.0);
                List<Map<String, Object>> claimed = store.inTransaction(FireMapper.class, mapper -> {
                    mapper.ensureCursor(route.workflowId(), route.nodeId());
                    return mapper.claimPoll(route.workflowId(), route.nodeId(), seconds);
                });
                if (claimed.isEmpty()) {
                    continue;
                }
                String cursor = Boolean.TRUE.equals(claimed.get(0).get("first")) ? null : (String) claimed.get(0).get("cursor");
                Optional<NodeRegistry.NodeLease> lease = registry.lease(route.type());
                if (lease.isEmpty()) {
                    continue;
                }
                io.leadflow.api.trigger.Poll poll;
                try (NodeRegistry.NodeLease held = lease.get()) {
                    poll = polling.trigger().poll(cursor, context).toCompletableFuture().get(30, TimeUnit.SECONDS);
                }
                if (!poll.items().isEmpty()) {
                    engine.start(route.workflowId(), route.version(), route.nodeId(), poll.items(), "poll");
                }
                if (poll.nextCursor() != null && !poll.nextCursor().equals(cursor)) {
                    store.inTransaction(FireMapper.class, mapper -> {
                        mapper.moveCursor(route.workflowId(), route.nodeId(), poll.nextCursor());
                        return null;
                    });
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                LOG.warn("Polling {} of workflow {} failed: {}", route.type(), route.workflowId(), e.getMessage());
            }
        }
    }

    private void fire(TriggerRoutes.Route route, Instant dueAt) {
        int claimed = store.inTransaction(FireMapper.class, mapper -> mapper.claim(route.workflowId(), route.nodeId(), dueAt));
        if (claimed == 0) {
            return; // another kernel fired it
        }
        Optional<NodeRegistry.NodeLease> lease = registry.lease(route.type());
        if (lease.isEmpty() || !(lease.get().node().node() instanceof ScheduleTrigger trigger)) {
            lease.ifPresent(NodeRegistry.NodeLease::close);
            LOG.warn("Schedule trigger {} is not available; firing at {} skipped", route.type(), dueAt);
            return;
        }
        try (NodeRegistry.NodeLease held = lease.get()) {
            List<Item> items = trigger.fire(dueAt, routes.context(route));
            UUID executionId = engine.start(route.workflowId(), route.version(), route.nodeId(), items, "schedule");
            store.inTransaction(FireMapper.class, mapper -> {
                mapper.started(route.workflowId(), route.nodeId(), dueAt, executionId);
                return null;
            });
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
