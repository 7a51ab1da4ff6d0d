package io.leadflow.kernel.engine;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/**
 * SQL of executions, node runs and the work queue that is not on the hot path. Checkpoints, the
 * hot path, are written in batches by {@link CheckpointWriter}.
 */
public interface EngineMapper {
    String EXECUTION = "id, workflow_id, workflow_version, status, mode, trigger_node, run_until, error, started_at, finished_at";
    String NODE_RUN = """
            id, execution_id, node_id, attempt, status, idempotency_key, input::text AS input_json,
            output::text AS output_json, error, error_code, error_details::text AS error_details_json,
            logs::text AS logs_json, pinned, started_at, finished_at, seq""";
    String WORK_ITEM = """
            id, execution_id, node_id, input::text AS input_json, attempt, idempotency_key, resume::text AS resume_json,
            due_at, wait_event, wait_key, event::text AS event_json, received_port, timeout_port""";
    /**
     * An owner is alive while its heartbeat is fresh; a dead owner's executions are free at once.
     * This kernel's own executions never are: they are running in its memory, and after a database
     * outage longer than the lease its heartbeat is stale, so without the exclusion it would claim
     * them back and run their current node a second time. Other owners' executions are taken only
     * when {@code takeOthers}: not in the first lease after this kernel's own outage, when every
     * heartbeat is stale and their owners have not had the chance to beat again.
     */
    String OWNER_GONE = """
            (owner IS NULL OR (#{takeOthers} AND owner <> #{worker} AND NOT EXISTS (SELECT 1 FROM engine_worker w
                               WHERE w.id = execution.owner AND w.heartbeat_at > now() - interval '10 seconds')))""";

    @Select("SELECT " + EXECUTION + " FROM execution WHERE id = #{id}")
    ExecutionRow findExecution(@Param("id") UUID id);

    @Select("SELECT " + NODE_RUN + " FROM node_run WHERE execution_id = #{id} ORDER BY seq, finished_at, id")
    List<NodeRunRow> nodeRuns(@Param("id") UUID executionId);

    @Select("""
            SELECT output::text FROM node_run WHERE execution_id = #{id} AND status = 'succeeded'
            ORDER BY seq DESC LIMIT 1
            """)
    String lastOutput(@Param("id") UUID executionId);

    @Select("SELECT " + WORK_ITEM + " FROM work_item WHERE execution_id = #{id} ORDER BY due_at, id")
    List<WorkItemRow> workItems(@Param("id") UUID executionId);

    /** Takes executions with due work that no live kernel owns, skipping rows others are taking now. */
    @Select("""
            UPDATE execution SET owner = #{worker}, status = 'running'
            WHERE id IN (
                SELECT id FROM execution
                WHERE due_at <= now() AND status IN ('running', 'waiting') AND""" + OWNER_GONE + """
                ORDER BY due_at
                LIMIT #{limit}
                FOR UPDATE SKIP LOCKED)
            RETURNING\s""" + EXECUTION)
    List<ExecutionRow> claim(@Param("worker") String worker, @Param("limit") int limit,
                             @Param("takeOthers") boolean takeOthers);

    @Update("""
            UPDATE execution SET status = 'canceled', error = #{reason}, finished_at = now(), owner = NULL, due_at = NULL
            WHERE id = #{id} AND status IN ('running', 'waiting')
            """)
    int cancel(@Param("id") UUID id, @Param("reason") String reason);

    @Update("""
            UPDATE execution SET status = 'running', error = NULL, finished_at = NULL, owner = NULL, due_at = now()
            WHERE id = #{id} AND status = 'failed'
            """)
    int reopen(@Param("id") UUID id);

    @Insert("""
            INSERT INTO work_item (id, execution_id, node_id, input, attempt, idempotency_key, due_at)
            VALUES (#{id}, #{executionId}, #{nodeId}, CAST(#{inputJson} AS jsonb), #{attempt}, #{idempotencyKey}, #{dueAt})
            """)
    void enqueue(WorkItemRow row);

    /** Drops what the nodes of a finished execution took and gave, keeping statuses and timings. */
    @Update("UPDATE node_run SET input = NULL, output = NULL, error_details = NULL, logs = NULL WHERE execution_id = #{id}")
    int clearData(@Param("id") UUID executionId);

    @Delete("DELETE FROM work_item WHERE execution_id = #{id}")
    int dropWork(@Param("id") UUID executionId);

    /** Hands an event to the executions waiting for it; returns how many waits it ended. */
    @Update("""
            UPDATE work_item SET event = CAST(#{eventJson} AS jsonb), due_at = now()
            WHERE wait_event = #{type} AND wait_key = #{key} AND event IS NULL
            """)
    int deliverEvent(@Param("type") String type, @Param("key") String key, @Param("eventJson") String eventJson);

    @Update("""
            UPDATE execution SET due_at = now()
            WHERE id IN (SELECT execution_id FROM work_item WHERE wait_event = #{type} AND wait_key = #{key}
                         AND event IS NOT NULL)
              AND status IN ('running', 'waiting')
            """)
    int makeDue(@Param("type") String type, @Param("key") String key);

    @Insert("""
            INSERT INTO engine_worker (id, heartbeat_at) VALUES (#{id}, now())
            ON CONFLICT (id) DO UPDATE SET heartbeat_at = now()
            """)
    void heartbeat(@Param("id") String workerId);

    @Select("SELECT count(*) FROM engine_worker WHERE heartbeat_at > now() - interval '10 seconds'")
    int liveWorkers();

    @Delete("DELETE FROM engine_worker WHERE id = #{id} OR heartbeat_at < now() - interval '1 hour'")
    void retire(@Param("id") String workerId);

    /** Gives up this kernel's executions when it stops cleanly, so another kernel may take them at once. */
    @Update("UPDATE execution SET owner = NULL, due_at = coalesce(due_at, now()) WHERE owner = #{id}")
    int disown(@Param("id") String workerId);

    @Select("""
            <script>
            SELECT\s""" + EXECUTION + """
             FROM execution
            <where>
              <if test="workflowId != null">workflow_id = #{workflowId}</if>
              <if test="status != null">AND status = #{status}</if>
              <if test="since != null">AND started_at &gt;= #{since}</if>
              <if test="beforeStartedAt != null">AND (started_at, id) &lt; (#{beforeStartedAt}, #{beforeId})</if>
            </where>
            ORDER BY started_at DESC, id DESC
            LIMIT #{limit}
            </script>
            """)
    List<ExecutionRow> listExecutions(@Param("workflowId") UUID workflowId, @Param("status") String status,
                                      @Param("since") Instant since, @Param("beforeStartedAt") Instant beforeStartedAt,
                                      @Param("beforeId") UUID beforeId, @Param("limit") int limit);
}
