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

    /** The lead's word tokens, dated and filtered like the lead (see changelog 0040). */
    @Insert("""
            <script>
            INSERT INTO lead_word (token, created_at, lead_id, status, tags)
            SELECT v.token, l.created_at, l.id, l.status, l.tags
            FROM lead l, (VALUES
            <foreach collection="tokens" item="t" separator=",">(CAST(#{t} AS bigint))</foreach>
            ) AS v (token)
            WHERE l.id = #{leadId}
            ON CONFLICT DO NOTHING
            </script>
            """)
    void insertWords(@Param("leadId") UUID leadId, @Param("tokens") List<Long> tokens);

    /** Removes the given word tokens of the lead (those of its values before a change). */
    @Delete("""
            <script>
            DELETE FROM lead_word
            WHERE lead_id = #{leadId} AND created_at = #{createdAt}
              AND token IN (<foreach collection="tokens" item="t" separator=",">#{t}</foreach>)
            </script>
            """)
    int deleteWords(@Param("leadId") UUID leadId, @Param("createdAt") java.time.Instant createdAt,
                    @Param("tokens") List<Long> tokens);

    /** Marks leads whose word tokens are written (see {@code LeadWordBackfill}). */
    @Update("UPDATE lead SET words_pending = false WHERE id = #{id} AND words_pending")
    int wordsWritten(@Param("id") UUID id);

    /** Up to {@code limit} leads still waiting for their word tokens, locked, skipping those others hold. */
    @Select("SELECT " + COLUMNS + " FROM lead l WHERE l.words_pending ORDER BY l.id LIMIT #{limit} "
            + "FOR UPDATE SKIP LOCKED")
    List<LeadRow> wordsPending(@Param("limit") int limit);

    /**
     * Several advisory locks at once, taken in the order of {@code keys} (callers sort them, so two
     * batches never deadlock).
     */
    @Select("""
            SELECT count(pg_advisory_xact_lock(#{namespace}, k.key)) FROM (
              SELECT key FROM unnest(#{keys,typeHandler=org.apache.ibatis.type.ArrayTypeHandler})
                   WITH ORDINALITY AS t (key, n) ORDER BY n) AS k
            """)
    Integer lockTokens(@Param("namespace") int namespace, @Param("keys") java.sql.Array keys);

    /** A contact token's live lead, as {@link #findAllByTokens} returns it. */
    final class TokenMatch {
        String kind;
        byte[] token;
        UUID leadId;
    }

    /**
     * Every live lead holding any of the given contact tokens (parallel arrays of kind and hex
     * token), oldest first, one row per token it holds.
     */
    @Select("""
            SELECT s.kind, s.token, l.id AS lead_id
            FROM unnest(#{kinds,typeHandler=org.apache.ibatis.type.ArrayTypeHandler},
                        #{tokens,typeHandler=org.apache.ibatis.type.ArrayTypeHandler}) AS v (kind, token)
            JOIN lead_search s ON s.kind = v.kind AND s.token = decode(v.token, 'hex')
            JOIN lead l ON l.id = s.lead_id
            WHERE l.deleted_at IS NULL
            ORDER BY l.created_at, l.id
            """)
    List<TokenMatch> findAllByTokens(@Param("kinds") java.sql.Array kinds, @Param("tokens") java.sql.Array tokens);

    @Select("""
            <script>
            SELECT id FROM app_user WHERE id IN (<foreach collection="ids" item="id" separator=",">#{id}</foreach>)
            </script>
            """)
    List<UUID> existingUsers(@Param("ids") java.util.Collection<UUID> ids);

    /**
     * New leads, many in one statement; each array holds one value per lead in the same order
     * (ciphertexts and JSON as text, tags as array literals, times as ISO-8601 text).
     */
    @Insert("""
            INSERT INTO lead (id, first_name_ct, last_name_ct, company_ct, emails_ct, phones_ct, custom_fields_ct,
                              consent, source, status, tags, owner_id, created_at, updated_at)
            SELECT CAST(v.id AS uuid), v.first_name, v.last_name, v.company, v.emails, v.phones, v.custom,
                   CAST(v.consent AS jsonb), v.source, v.status, CAST(v.tags AS text[]), CAST(v.owner AS uuid),
                   CAST(v.at AS timestamptz), CAST(v.at AS timestamptz)
            FROM unnest(
                   #{ids,typeHandler=org.apache.ibatis.type.ArrayTypeHandler},
                   #{firstNames,typeHandler=org.apache.ibatis.type.ArrayTypeHandler},
                   #{lastNames,typeHandler=org.apache.ibatis.type.ArrayTypeHandler},
                   #{companies,typeHandler=org.apache.ibatis.type.ArrayTypeHandler},
                   #{emails,typeHandler=org.apache.ibatis.type.ArrayTypeHandler},
                   #{phones,typeHandler=org.apache.ibatis.type.ArrayTypeHandler},
                   #{customFields,typeHandler=org.apache.ibatis.type.ArrayTypeHandler},
                   #{consents,typeHandler=org.apache.ibatis.type.ArrayTypeHandler},
                   #{sources,typeHandler=org.apache.ibatis.type.ArrayTypeHandler},
                   #{statuses,typeHandler=org.apache.ibatis.type.ArrayTypeHandler},
                   #{tags,typeHandler=org.apache.ibatis.type.ArrayTypeHandler},
                   #{owners,typeHandler=org.apache.ibatis.type.ArrayTypeHandler},
                   #{createdAts,typeHandler=org.apache.ibatis.type.ArrayTypeHandler})
                 AS v (id, first_name, last_name, company, emails, phones, custom, consent, source, status, tags,
                       owner, at)
            """)
    void insertAll(LeadBatchArrays arrays);

    /** Email and phone tokens of new leads: parallel arrays of lead id, kind, token (hex) and lead date. */
    @Insert("""
            INSERT INTO lead_search (lead_id, kind, token, created_at)
            SELECT CAST(v.id AS uuid), v.kind, decode(v.token, 'hex'), CAST(v.at AS timestamptz)
            FROM unnest(
                   #{leadIds,typeHandler=org.apache.ibatis.type.ArrayTypeHandler},
                   #{kinds,typeHandler=org.apache.ibatis.type.ArrayTypeHandler},
                   #{tokens,typeHandler=org.apache.ibatis.type.ArrayTypeHandler},
                   #{createdAts,typeHandler=org.apache.ibatis.type.ArrayTypeHandler}) AS v (id, kind, token, at)
            ON CONFLICT DO NOTHING
            """)
    void insertAllTokens(@Param("leadIds") java.sql.Array leadIds, @Param("kinds") java.sql.Array kinds,
                         @Param("tokens") java.sql.Array tokens, @Param("createdAts") java.sql.Array createdAts);

    /** Word tokens of new leads: one token array, and the index of its lead in the lead arrays. */
    @Insert("""
            INSERT INTO lead_word (token, created_at, lead_id, status, tags)
            SELECT w.token, CAST(l.at AS timestamptz), CAST(l.id AS uuid), l.status, CAST(l.tags AS text[])
            FROM unnest(
                   #{tokens,typeHandler=org.apache.ibatis.type.ArrayTypeHandler},
                   #{leadIndexes,typeHandler=org.apache.ibatis.type.ArrayTypeHandler}) AS w (token, i)
            JOIN unnest(
                   #{ids,typeHandler=org.apache.ibatis.type.ArrayTypeHandler},
                   #{createdAts,typeHandler=org.apache.ibatis.type.ArrayTypeHandler},
                   #{statuses,typeHandler=org.apache.ibatis.type.ArrayTypeHandler},
                   #{tags,typeHandler=org.apache.ibatis.type.ArrayTypeHandler}) WITH ORDINALITY AS l (id, at, status, tags, i)
              ON l.i = w.i
            """)
    void insertAllWords(@Param("tokens") java.sql.Array tokens, @Param("leadIndexes") java.sql.Array leadIndexes,
                        @Param("ids") java.sql.Array ids, @Param("createdAts") java.sql.Array createdAts,
                        @Param("statuses") java.sql.Array statuses, @Param("tags") java.sql.Array tags);

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
     * With a search word, the query is driven by that word's rows of {@code lead_word} newest first
     * (an index-only scan that also checks status and tags from the index), so a common prefix
     * costs a page of leads rather than every lead it matches; further words must be held by the
     * same lead.
     */
    @Select("""
            <script>
            SELECT\s""" + COLUMNS + """
             FROM
            <choose>
              <when test="!words.isEmpty()">
              lead_word s JOIN lead l ON l.id = s.lead_id
              </when>
              <otherwise>lead l</otherwise>
            </choose>
            WHERE l.deleted_at IS NULL
            <if test="!words.isEmpty()">
              AND s.token = #{words[0]}
              <if test="afterCreatedAt != null">AND (s.created_at, s.lead_id) &lt; (#{afterCreatedAt}, #{afterId})</if>
              <if test="status != null">AND s.status = #{status}</if>
              <if test="!tags.isEmpty()">
                AND s.tags @&gt; ARRAY[<foreach collection="tags" item="t" separator=",">#{t}</foreach>]::text[]
              </if>
              <foreach collection="words" item="w" index="i">
                <if test="i &gt; 0">
                AND EXISTS (SELECT 1 FROM lead_word o
                            WHERE o.token = #{w} AND o.created_at = s.created_at AND o.lead_id = s.lead_id)
                </if>
              </foreach>
            </if>
            <if test="emailToken != null">
              AND l.id IN (SELECT lead_id FROM lead_search WHERE kind = 'email' AND token = #{emailToken})
            </if>
            <if test="phoneToken != null">
              AND l.id IN (SELECT lead_id FROM lead_search WHERE kind = 'phone' AND token = #{phoneToken})
            </if>
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
