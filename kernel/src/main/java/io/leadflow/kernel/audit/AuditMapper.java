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

    /**
     * Several rows in one statement, chained by the insert trigger in array order: parallel arrays,
     * one value per row (detail as JSON text).
     */
    @Insert("""
            INSERT INTO audit_log (actor_type, actor_id, actor_name, action, outcome, target_type, target_id,
                                   client_ip, detail)
            SELECT v.actor_type, v.actor_id, v.actor_name, v.action, v.outcome, v.target_type, v.target_id,
                   v.client_ip, CAST(v.detail AS jsonb)
            FROM unnest(#{actorTypes,typeHandler=org.apache.ibatis.type.ArrayTypeHandler},
                        #{actorIds,typeHandler=org.apache.ibatis.type.ArrayTypeHandler},
                        #{actorNames,typeHandler=org.apache.ibatis.type.ArrayTypeHandler},
                        #{actions,typeHandler=org.apache.ibatis.type.ArrayTypeHandler},
                        #{outcomes,typeHandler=org.apache.ibatis.type.ArrayTypeHandler},
                        #{targetTypes,typeHandler=org.apache.ibatis.type.ArrayTypeHandler},
                        #{targetIds,typeHandler=org.apache.ibatis.type.ArrayTypeHandler},
                        #{clientIps,typeHandler=org.apache.ibatis.type.ArrayTypeHandler},
                        #{details,typeHandler=org.apache.ibatis.type.ArrayTypeHandler})
                 WITH ORDINALITY AS v (actor_type, actor_id, actor_name, action, outcome, target_type, target_id,
                                       client_ip, detail, n)
            ORDER BY v.n
            """)
    void insertAll(AuditRows rows);

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
              <if test="leadId != null">
                AND ((target_type = 'lead' AND target_id = #{leadId})
                     OR (action = 'lead.listed' AND detail -> 'ids' @&gt; to_jsonb(CAST(#{leadId} AS text))))
              </if>
              <if test="since != null">AND occurred_at &gt;= #{since}</if>
            </where>
            ORDER BY id DESC
            LIMIT #{limit}
            </script>
            """)
    List<AuditRow> find(@Param("beforeId") Long beforeId, @Param("action") String action,
                        @Param("actorId") String actorId, @Param("targetType") String targetType,
                        @Param("targetId") String targetId, @Param("leadId") String leadId,
                        @Param("since") Instant since,
                        @Param("limit") int limit);
}
