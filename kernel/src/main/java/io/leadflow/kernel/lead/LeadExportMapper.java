package io.leadflow.kernel.lead;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

/** SQL of a lead's export beyond the lead itself: the executions that accessed it. */
interface LeadExportMapper {

    /** An execution as the export lists it. */
    final class ExecutionSummary {
        UUID id;
        UUID workflowId;
        Integer workflowVersion;
        String status;
        Instant startedAt;
        Instant finishedAt;
    }

    /** Messages arrive with the messaging feature; until its table exists there are none. */
    @Select("""
            <script>
            SELECT id, workflow_id, workflow_version, status, started_at, finished_at FROM execution
            WHERE id IN <foreach collection="ids" item="id" open="(" separator="," close=")">#{id}</foreach>
            ORDER BY started_at, id
            </script>
            """)
    List<ExecutionSummary> executions(@Param("ids") List<UUID> ids);
}
