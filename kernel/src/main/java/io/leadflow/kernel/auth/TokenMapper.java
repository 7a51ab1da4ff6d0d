package io.leadflow.kernel.auth;

import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** SQL of bearer tokens. */
interface TokenMapper {
    String COLUMNS = """
            t.id, t.user_id, t.kind, t.name, t.secret_hash, t.hint, t.role, t.created_at, t.expires_at,
            t.revoked_at, u.username, u.role AS user_role""";

    @Insert("""
            INSERT INTO api_token (id, user_id, kind, name, secret_hash, hint, role, expires_at)
            VALUES (#{id}, #{userId}, #{kind}, #{name}, #{secretHash}, #{hint}, #{role}, #{expiresAt})
            """)
    void insert(TokenRow row);

    /** The live token with this secret hash: not revoked, not expired, its user not disabled. */
    @Select("SELECT " + COLUMNS + """
             FROM api_token t JOIN app_user u ON u.id = t.user_id
            WHERE t.secret_hash = #{secretHash} AND t.revoked_at IS NULL
              AND (t.expires_at IS NULL OR t.expires_at > now()) AND NOT u.disabled
            """)
    TokenRow findLive(@Param("secretHash") byte[] secretHash);

    /** Which of these token ids are still live (the rule of {@link #findLive}). */
    @Select("""
            <script>
            SELECT t.id FROM api_token t JOIN app_user u ON u.id = t.user_id
             WHERE t.id IN <foreach item="id" collection="ids" open="(" separator="," close=")">#{id}</foreach>
               AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at &gt; now()) AND NOT u.disabled
            </script>
            """)
    List<UUID> findLiveIds(@Param("ids") java.util.Collection<UUID> ids);

    @Select("SELECT " + COLUMNS + " FROM api_token t JOIN app_user u ON u.id = t.user_id WHERE t.id = #{id}")
    TokenRow findById(@Param("id") UUID id);

    @Select("""
            <script>
            SELECT\s""" + COLUMNS + """
             FROM api_token t JOIN app_user u ON u.id = t.user_id
            <where>
              <if test="userId != null">t.user_id = #{userId}</if>
              <if test="!includeInactive">AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at &gt; now())</if>
            </where>
            ORDER BY t.created_at DESC
            </script>
            """)
    List<TokenRow> find(@Param("userId") UUID userId, @Param("includeInactive") boolean includeInactive);

    @Update("UPDATE api_token SET revoked_at = now() WHERE id = #{id} AND revoked_at IS NULL")
    int revoke(@Param("id") UUID id);
}
