package io.leadflow.kernel.lead;

import io.leadflow.kernel.audit.AuditRow;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;
import org.apache.ibatis.annotations.Delete;

/** SQL of leads and their search tokens. Only live leads (not deleted) are ever read back. */
interface LeadMapper {
    String COLUMNS = "l.id, l.first_name_ct, l.last_name_ct, l.company_ct, l.emails_ct, l.phones_ct, "
            + "l.custom_fields_ct, l.consent::text AS consent_json, l.source, l.status, "
            + "array_to_json(l.tags)::text AS tags_json, l.owner_id, l.created_at, l.updated_at";

    /** An arbitrary constant ("LEAD") so our advisory locks never collide with another feature's. */
    int LOCK_NAMESPACE = 0x4c454144;

    @Insert("""
            INSERT INTO lead (id, first_name_ct, last_name_ct, company_ct, emails_ct, phones_ct, custom_fields_ct,
                              consent, source, status, tags, owner_id)
            VALUES (#{id}, #{firstNameCt}, #{lastNameCt}, #{companyCt}, #{emailsCt}, #{phonesCt}, #{customFieldsCt},
                    CAST(#{consentJson} AS jsonb), #{source}, #{status},
                    ARRAY(SELECT jsonb_array_elements_text(CAST(#{tagsJson} AS jsonb))), #{ownerId})
            """)
    void insert(LeadRow row);

    @Update("""
            UPDATE lead SET first_name_ct = #{firstNameCt}, last_name_ct = #{lastNameCt}, company_ct = #{companyCt},
                   emails_ct = #{emailsCt}, phones_ct = #{phonesCt}, custom_fields_ct = #{customFieldsCt},
                   consent = CAST(#{consentJson} AS jsonb), source = #{source}, status = #{status},
                   tags = ARRAY(SELECT jsonb_array_elements_text(CAST(#{tagsJson} AS jsonb))),
                   owner_id = #{ownerId}, updated_at = clock_timestamp()
            WHERE id = #{id} AND deleted_at IS NULL
            """)
    int update(LeadRow row);

    @Select("SELECT " + COLUMNS + " FROM lead l WHERE l.id = #{id} AND l.deleted_at IS NULL")
    LeadRow find(@Param("id") UUID id);

    /** The live lead, locked until the transaction ends, so concurrent changes apply one after the other. */
    @Select("SELECT " + COLUMNS + " FROM lead l WHERE l.id = #{id} AND l.deleted_at IS NULL FOR UPDATE")
    LeadRow lock(@Param("id") UUID id);

    /** Serialises creates and contact changes that share a blind-index token (see LeadService). */
    @Select("SELECT 1 FROM (SELECT pg_advisory_xact_lock(#{namespace}, #{key})) AS locked")
    Integer lockToken(@Param("namespace") int namespace, @Param("key") int key);

    /** The oldest live lead holding any of {@code tokens} (email or phone), if any. */
    @Select("""
            <script>
            SELECT l.id FROM lead l JOIN lead_search s ON s.lead_id = l.id
            WHERE l.deleted_at IS NULL AND (
              <foreach collection="tokens" item="t" separator=" OR ">(s.kind = #{t.kind} AND s.token = #{t.token})</foreach>
            )
            <if test="except != null">AND l.id &lt;&gt; #{except}</if>
            ORDER BY l.created_at, l.id
            LIMIT 1
            </script>
            """)
    UUID findByTokens(@Param("tokens") List<SearchTokens.Token> tokens, @Param("except") UUID except);

    @Delete("DELETE FROM lead_search WHERE lead_id = #{id}")
    int deleteTokens(@Param("id") UUID id);

    @Insert("""
            <script>
            INSERT INTO lead_search (lead_id, kind, token, created_at)
            SELECT #{leadId}, v.kind, v.token, l.created_at
            FROM lead l, (VALUES
            <foreach collection="tokens" item="t" separator=",">(CAST(#{t.kind} AS text), CAST(#{t.token} AS bytea))</foreach>
            ) AS v (kind, token)
            WHERE l.id = #{leadId}
            ON CONFLICT DO NOTHING
            </script>
            """)
    void insertTokens(@Param("leadId") UUID leadId, @Param("tokens") List<SearchTokens.Token> tokens);

    /** Erasure: every ciphertext and consent goes; status, source, tags, owner and dates stay. */
    @Update("""
            UPDATE lead SET first_name_ct = NULL, last_name_ct = NULL, company_ct = NULL, emails_ct = NULL,
                   phones_ct = NULL, custom_fields_ct = NULL, consent = '{}'::jsonb,
                   updated_at = clock_timestamp(), deleted_at = clock_timestamp()
            WHERE id = #{id} AND deleted_at IS NULL
            """)
    int tombstone(@Param("id") UUID id);

    @Select("SELECT EXISTS (SELECT 1 FROM app_user WHERE id = #{id})")
    boolean userExists(@Param("id") UUID id);

    /**
     * Newest first; keyset pagination on (created_at, id). Search values arrive as tokens only.
     * With a search word, the query is driven by that word's token rows newest first (name
     * prefixes, then company prefixes of leads whose name does not match, merged by date), so a
     * common prefix costs a page of leads rather than every lead it matches.
     */
    @Select("""
            <script>
            SELECT\s""" + COLUMNS + """
             FROM
            <choose>
              <when test="!words.isEmpty()">
              (SELECT lead_id, created_at FROM lead_search
                WHERE kind = 'name_prefix' AND token = #{words[0].name}
                <if test="afterCreatedAt != null">AND (created_at, lead_id) &lt; (#{afterCreatedAt}, #{afterId})</if>
               UNION ALL
               SELECT c.lead_id, c.created_at FROM lead_search c
                WHERE c.kind = 'company_prefix' AND c.token = #{words[0].company}
                <if test="afterCreatedAt != null">AND (c.created_at, c.lead_id) &lt; (#{afterCreatedAt}, #{afterId})</if>
                AND NOT EXISTS (SELECT 1 FROM lead_search n
                                WHERE n.kind = 'name_prefix' AND n.token = #{words[0].name} AND n.lead_id = c.lead_id)
              ) AS s JOIN lead l ON l.id = s.lead_id
              </when>
              <otherwise>lead l</otherwise>
            </choose>
            WHERE l.deleted_at IS NULL
            <if test="emailToken != null">
              AND l.id IN (SELECT lead_id FROM lead_search WHERE kind = 'email' AND token = #{emailToken})
            </if>
            <if test="phoneToken != null">
              AND l.id IN (SELECT lead_id FROM lead_search WHERE kind = 'phone' AND token = #{phoneToken})
            </if>
            <foreach collection="words" item="w" index="i">
              <if test="i &gt; 0">
              AND l.id IN (SELECT lead_id FROM lead_search
                           WHERE (kind = 'name_prefix' AND token = #{w.name})
                              OR (kind = 'company_prefix' AND token = #{w.company}))
              </if>
            </foreach>
            <if test="!tags.isEmpty()">
              AND l.tags @&gt; ARRAY[<foreach collection="tags" item="t" separator=",">#{t}</foreach>]::text[]
            </if>
            <if test="status != null">AND l.status = #{status}</if>
            <if test="source != null">AND l.source = #{source}</if>
            <if test="owner != null">AND l.owner_id = #{owner}</if>
            <if test="createdAfter != null">AND l.created_at &gt;= #{createdAfter}</if>
            <if test="createdBefore != null">AND l.created_at &lt; #{createdBefore}</if>
            <if test="afterCreatedAt != null">AND (l.created_at, l.id) &lt; (#{afterCreatedAt}, #{afterId})</if>
            <choose>
              <when test="!words.isEmpty()">ORDER BY s.created_at DESC, s.lead_id DESC</when>
              <otherwise>ORDER BY l.created_at DESC, l.id DESC</otherwise>
            </choose>
            LIMIT #{limit}
            </script>
            """)
    List<LeadRow> search(LeadSearch search);

    /**
     * The lead's audit trail, oldest first: rows about it, and list calls that returned it (those
     * name it in their detail rather than as their target).
     */
    @Select("""
            SELECT id, occurred_at, actor_type, actor_id, actor_name, action, outcome, target_type, target_id,
                   client_ip, detail::text AS detail_json
            FROM audit_log
            WHERE (target_type = 'lead' AND target_id = #{id})
               OR (action = 'lead.listed' AND detail -> 'ids' @> to_jsonb(CAST(#{id} AS text)))
            ORDER BY id
            """)
    List<AuditRow> auditTrail(@Param("id") String id);
}
