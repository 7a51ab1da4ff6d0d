package io.leadflow.kernel.dashboard;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Options;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

/**
 * Counts over a time window. Every query is bounded by the window on an indexed timestamp
 * ({@code lead_created_at_idx} of 0058, {@code execution_started_idx} of 0007) and by a short
 * statement timeout; the slot of a row is {@code floor(epoch / bucketSeconds)}, as
 * {@link DashboardRange.Window} numbers them.
 */
interface DashboardMapper {
    /** A count in one bucket, optionally per status. */
    final class SlotCount {
        public long slot;
        public String status;
        public long count;
    }

    /** A workflow whose executions failed in the window. */
    final class FailingWorkflow {
        public UUID id;
        public String name;
        public long failures;
        public Instant lastFailureAt;
        /** how many workflows failed in the window, before the limit */
        public long failingWorkflows;
    }

    // tombstones of erased leads count: they were created, and they keep no PII
    @Select("""
            SELECT floor(extract(epoch FROM created_at) / #{bucketSeconds})::bigint AS slot, count(*) AS count
            FROM lead
            WHERE created_at >= #{from} AND created_at < #{to}
            GROUP BY 1
            """)
    @Options(timeout = 5)
    List<SlotCount> leadsCreated(@Param("from") Instant from, @Param("to") Instant to,
                                 @Param("bucketSeconds") long bucketSeconds);

    @Select("""
            SELECT floor(extract(epoch FROM started_at) / #{bucketSeconds})::bigint AS slot, status, count(*) AS count
            FROM execution
            WHERE started_at >= #{from} AND started_at < #{to}
            GROUP BY 1, 2
            """)
    @Options(timeout = 5)
    List<SlotCount> executions(@Param("from") Instant from, @Param("to") Instant to,
                               @Param("bucketSeconds") long bucketSeconds);

    @Select("""
            SELECT e.workflow_id AS id, w.name, count(*) AS failures,
                   max(coalesce(e.finished_at, e.started_at)) AS last_failure_at,
                   count(*) OVER () AS failing_workflows
            FROM execution e JOIN workflow w ON w.id = e.workflow_id
            WHERE e.started_at >= #{from} AND e.started_at < #{to} AND e.status = 'failed' AND w.deleted_at IS NULL
            GROUP BY e.workflow_id, w.name
            ORDER BY failures DESC, last_failure_at DESC, e.workflow_id
            LIMIT #{limit}
            """)
    @Options(timeout = 5)
    List<FailingWorkflow> failingWorkflows(@Param("from") Instant from, @Param("to") Instant to,
                                           @Param("limit") int limit);
}
