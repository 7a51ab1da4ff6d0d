package io.leadflow.kernel.engine;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Options;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** SQL of executions, node runs and the work queue. */
public interface EngineMapper {
    String EXECUTION = "id, workflow_id, workflow_version, status, mode, trigger_node, error, started_at, finished_at";
    String NODE_RUN = """
            id, execution_id, node_id, attempt, status, idempotency_key, input::text AS input_json,
            output::text AS output_json, error, started_at, finished_at""";

    @Insert("""
            INSERT INTO execution (id, workflow_id, workflow_version, status, mode, trigger_node)
            VALUES (#{id}, #{workflowId}, #{workflowVersion}, #{status}, #{mode}, #{triggerNode})
            """)
    void insertExecution(ExecutionRow row);

    @Select("SELECT " + EXECUTION + " FROM execution WHERE id = #{id}")
    ExecutionRow findExecution(@Param("id") UUID id);

    @Update("""
            UPDATE execution SET status = #{status}, error = #{error},
                   finished_at = CASE WHEN #{status} IN ('succeeded', 'failed', 'canceled') THEN now() ELSE NULL END
            WHERE id = #{id} AND status NOT IN ('succeeded', 'failed', 'canceled')
            """)
    int setStatus(@Param("id") UUID id, @Param("status") String status, @Param("error") String error);

    @Update("UPDATE execution SET status = 'running', error = NULL, finished_at = NULL WHERE id = #{id}")
    int reopen(@Param("id") UUID id);

    @Insert("""
            INSERT INTO node_run (id, execution_id, node_id, attempt, status, idempotency_key, input, output, error, started_at)
            VALUES (#{id}, #{executionId}, #{nodeId}, #{attempt}, #{status}, #{idempotencyKey},
                    CAST(#{inputJson} AS jsonb), CAST(#{outputJson} AS jsonb), #{error}, #{startedAt})
            """)
    void insertNodeRun(NodeRunRow row);

    @Select("SELECT " + NODE_RUN + " FROM node_run WHERE execution_id = #{id} ORDER BY finished_at, id")
    List<NodeRunRow> nodeRuns(@Param("id") UUID executionId);

    @Insert("""
            INSERT INTO work_item (execution_id, node_id, input, attempt, idempotency_key, due_at)
            VALUES (#{executionId}, #{nodeId}, CAST(#{inputJson} AS jsonb), #{attempt}, #{idempotencyKey}, #{dueAt})
            """)
    @Options(useGeneratedKeys = true, keyProperty = "id", keyColumn = "id")
    void enqueue(WorkItemRow row);

    /** Claims due work no live lease holds, skipping rows other workers are claiming right now. */
    @Select("""
            UPDATE work_item SET lease_until = now() + make_interval(secs => #{leaseSeconds}), leased_by = #{worker}
            WHERE id IN (
                SELECT id FROM work_item
                WHERE due_at <= now()
                  AND (lease_until IS NULL OR lease_until < now() OR leased_by NOT IN (
                        SELECT id FROM engine_worker WHERE heartbeat_at > now() - interval '10 seconds'))
                ORDER BY due_at, id
                LIMIT #{limit}
                FOR UPDATE SKIP LOCKED)
            RETURNING id, execution_id, node_id, input::text AS input_json, attempt, idempotency_key,
                      resume::text AS resume_json, due_at
            """)
    List<WorkItemRow> claim(@Param("worker") String worker, @Param("limit") int limit,
                            @Param("leaseSeconds") int leaseSeconds);

    @Insert("""
            INSERT INTO engine_worker (id, heartbeat_at) VALUES (#{id}, now())
            ON CONFLICT (id) DO UPDATE SET heartbeat_at = now()
            """)
    void heartbeat(@Param("id") String workerId);

    @Delete("DELETE FROM engine_worker WHERE id = #{id} OR heartbeat_at < now() - interval '1 hour'")
    void retire(@Param("id") String workerId);

    @Delete("DELETE FROM work_item WHERE id = #{id}")
    int complete(@Param("id") long id);

    @Update("""
            UPDATE work_item SET attempt = #{attempt}, due_at = #{dueAt}, lease_until = NULL, leased_by = NULL
            WHERE id = #{id}
            """)
    void retryLater(@Param("id") long id, @Param("attempt") int attempt, @Param("dueAt") Instant dueAt);

    @Update("""
            UPDATE work_item SET resume = CAST(#{resumeJson} AS jsonb), due_at = #{dueAt}, lease_until = NULL,
                   leased_by = NULL
            WHERE id = #{id}
            """)
    void waitUntil(@Param("id") long id, @Param("resumeJson") String resumeJson, @Param("dueAt") Instant dueAt);

    @Delete("DELETE FROM work_item WHERE execution_id = #{id}")
    int dropWork(@Param("id") UUID executionId);

    @Select("SELECT count(*) FROM work_item WHERE execution_id = #{id}")
    int remainingWork(@Param("id") UUID executionId);

    @Select("SELECT count(*) FROM work_item WHERE execution_id = #{id} AND (resume IS NULL OR due_at <= now())")
    int runnableWork(@Param("id") UUID executionId);

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
