package io.leadflow.kernel.execution;

import io.leadflow.kernel.store.Store;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes finished executions (with their node runs) older than their workflow's
 * {@code settings.retention.maxAgeDays} or beyond its {@code maxCount} newest, defaults from the
 * configuration, in small batches so it never holds long locks. One kernel at a time does it.
 */
public final class ExecutionRetention implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutionRetention.class);
    private static final int BATCH = 1_000;
    /** Any constant; the kernels agree on it so only one prunes at a time. */
    private static final long LOCK = 0x4c46_5245_5445_4e54L;

    /** SQL of pruning. */
    public interface RetentionMapper {
        String FINISHED = "x.status IN ('succeeded', 'failed', 'canceled')";
        String SETTINGS = """
                FROM execution x
                JOIN workflow w ON w.id = x.workflow_id
                JOIN workflow_version v ON v.workflow_id = w.id AND v.version = w.latest_version
                """;

        @Select("SELECT pg_try_advisory_xact_lock(#{lock})")
        boolean tryLock(@Param("lock") long lock);

        @Delete("""
                DELETE FROM execution WHERE id IN (
                    SELECT x.id\s""" + SETTINGS + """
                    WHERE\s""" + FINISHED + """
                      AND x.finished_at < now() - make_interval(days =>
                            coalesce((v.document #>> '{settings,retention,maxAgeDays}')::int, #{days}))
                    LIMIT #{batch})
                """)
        int pruneByAge(@Param("days") int defaultDays, @Param("batch") int batch);

        @Delete("""
                DELETE FROM execution WHERE id IN (
                    SELECT id FROM (
                        SELECT x.id, row_number() OVER (PARTITION BY x.workflow_id ORDER BY x.started_at DESC, x.id DESC) AS n,
                               coalesce((v.document #>> '{settings,retention,maxCount}')::int, #{count}) AS keep\s""" + SETTINGS + """
                        WHERE\s""" + FINISHED + """
                    ) ranked
                    WHERE n > keep
                    LIMIT #{batch})
                """)
        int pruneByCount(@Param("count") int defaultCount, @Param("batch") int batch);
    }

    private final Store store;
    private final int defaultDays;
    private final int defaultCount;
    private final ScheduledExecutorService timer;

    public ExecutionRetention(Store store, int defaultDays, int defaultCount, Duration every) {
        this.store = store.register(RetentionMapper.class);
        this.defaultDays = defaultDays;
        this.defaultCount = defaultCount;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "execution-retention");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::pruneQuietly, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Prunes until nothing is over the limits; returns how many executions were deleted. */
    public int prune() {
        int total = 0;
        int deleted;
        do {
            deleted = store.inTransaction(RetentionMapper.class, mapper -> {
                if (!mapper.tryLock(LOCK)) {
                    return 0;
                }
                return mapper.pruneByAge(defaultDays, BATCH) + mapper.pruneByCount(defaultCount, BATCH);
            });
            total += deleted;
        } while (deleted > 0);
        return total;
    }

    private void pruneQuietly() {
        try {
            int deleted = prune();
            if (deleted > 0) {
                LOG.info("Deleted {} finished executions past their retention", deleted);
            }
        } catch (RuntimeException e) {
            LOG.warn("Pruning executions failed: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
