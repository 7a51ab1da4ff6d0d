package io.leadflow.kernel.workflow;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** SQL of workflows and their versions. */
interface WorkflowMapper {
    String COLUMNS = "id, name, latest_version, active_version, created_by, created_at, updated_at";

    @Insert("INSERT INTO workflow (id, name, latest_version, created_by) VALUES (#{id}, #{name}, 1, #{createdBy})")
    void insert(WorkflowRow row);

    @Insert("""
            INSERT INTO workflow_version (workflow_id, version, document, created_by)
            VALUES (#{workflowId}, #{version}, CAST(#{documentJson} AS jsonb), #{createdBy})
            """)
    void insertVersion(WorkflowVersionRow row);

    /** Locks the workflow row: saves of one workflow are serialised, so version numbers never clash. */
    @Select("SELECT " + COLUMNS + " FROM workflow WHERE id = #{id} AND deleted_at IS NULL FOR UPDATE")
    WorkflowRow lock(@Param("id") UUID id);

    @Select("SELECT " + COLUMNS + " FROM workflow WHERE id = #{id} AND deleted_at IS NULL")
    WorkflowRow find(@Param("id") UUID id);

    @Update("UPDATE workflow SET name = #{name}, latest_version = #{version}, updated_at = now() WHERE id = #{id}")
    void bumpVersion(@Param("id") UUID id, @Param("name") String name, @Param("version") int version);

    @Update("UPDATE workflow SET active_version = #{version}, updated_at = now() WHERE id = #{id}")
    void setActiveVersion(@Param("id") UUID id, @Param("version") Integer version);

    @Update("UPDATE workflow SET deleted_at = now(), active_version = NULL WHERE id = #{id} AND deleted_at IS NULL")
    int softDelete(@Param("id") UUID id);

    @Select("SELECT " + COLUMNS + " FROM workflow WHERE active_version IS NOT NULL AND deleted_at IS NULL")
    List<WorkflowRow> active();

    @Select("""
            SELECT workflow_id, version, document::text AS document_json, created_by, created_at
            FROM workflow_version WHERE workflow_id = #{id} AND version = #{version}
            """)
    WorkflowVersionRow findVersion(@Param("id") UUID id, @Param("version") int version);

    @Select("""
            SELECT workflow_id, version, NULL AS document_json, created_by, created_at
            FROM workflow_version WHERE workflow_id = #{id} ORDER BY version DESC
            """)
    List<WorkflowVersionRow> versions(@Param("id") UUID id);

    /** Most recently updated first; strictly after the (updatedAt, id) cursor when given. */
    @Select("""
            <script>
            SELECT\s""" + COLUMNS + """
             FROM workflow WHERE deleted_at IS NULL
            <if test="q != null">AND name ILIKE '%' || #{q} || '%' ESCAPE '\\'</if>
            <if test="afterUpdatedAt != null">AND (updated_at, id) &lt; (#{afterUpdatedAt}, #{afterId})</if>
            ORDER BY updated_at DESC, id DESC
            LIMIT #{limit}
            </script>
            """)
    List<WorkflowRow> list(@Param("q") String q, @Param("afterUpdatedAt") Instant afterUpdatedAt,
                           @Param("afterId") UUID afterId, @Param("limit") int limit);
}
