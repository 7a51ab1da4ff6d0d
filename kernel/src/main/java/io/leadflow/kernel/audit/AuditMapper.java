package io.leadflow.kernel.audit;

import java.time.Instant;
import java.util.List;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

/** SQL of the audit trail. Inserts and reads only: the table refuses updates and deletes. */
public interface AuditMapper {

    @Insert("""
            INSERT INTO audit_log (actor_type, actor_id, actor_name, action, outcome, target_type, target_id,
                                   client_ip, detail)
            VALUES (#{actorType}, #{actorId}, #{actorName}, #{action}, #{outcome}, #{targetType}, #{targetId},
                    #{clientIp}, CAST(#{detailJson} AS jsonb))
            """)
    void insert(AuditRow row);

    /** Newest first, strictly before {@code beforeId} when given (keyset pagination). */
    @Select("""
            <script>
            SELECT id, occurred_at, actor_type, actor_id, actor_name, action, outcome, target_type, target_id,
                   client_ip, detail::text AS detail_json
            FROM audit_log
            <where>
              <if test="beforeId != null">AND id &lt; #{beforeId}</if>
              <if test="action != null">AND action = #{action}</if>
              <if test="actorId != null">AND actor_id = #{actorId}</if>
              <if test="targetType != null">AND target_type = #{targetType}</if>
              <if test="targetId != null">AND target_id = #{targetId}</if>
              <if test="since != null">AND occurred_at &gt;= #{since}</if>
            </where>
            ORDER BY id DESC
            LIMIT #{limit}
            </script>
            """)
    List<AuditRow> find(@Param("beforeId") Long beforeId, @Param("action") String action,
                        @Param("actorId") String actorId, @Param("targetType") String targetType,
                        @Param("targetId") String targetId, @Param("since") Instant since,
                        @Param("limit") int limit);
}
