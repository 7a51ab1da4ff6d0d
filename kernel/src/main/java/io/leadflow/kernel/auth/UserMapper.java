package io.leadflow.kernel.auth;

import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** SQL of users. */
interface UserMapper {
    String COLUMNS = "id, username, display_name, role, password_hash, disabled, created_at, updated_at";

    @Select("SELECT count(*) FROM app_user")
    long count();

    @Select("SELECT count(*) FROM app_user WHERE role = 'admin' AND NOT disabled")
    long countActiveAdmins();

    /** Inserts unless the username (case-insensitive) is taken; returns the rows inserted. */
    @Insert("""
            INSERT INTO app_user (id, username, display_name, role, password_hash)
            VALUES (#{id}, #{username}, #{displayName}, #{role}, #{passwordHash})
            ON CONFLICT DO NOTHING
            """)
    int insert(UserRow row);

    @Select("SELECT " + COLUMNS + " FROM app_user WHERE id = #{id}")
    UserRow findById(@Param("id") UUID id);

    @Select("SELECT " + COLUMNS + " FROM app_user WHERE lower(username) = lower(#{username})")
    UserRow findByUsername(@Param("username") String username);

    @Select("SELECT " + COLUMNS + " FROM app_user ORDER BY lower(username)")
    List<UserRow> findAll();

    @Update("""
            UPDATE app_user SET display_name = #{displayName}, role = #{role}, password_hash = #{passwordHash},
                   disabled = #{disabled}, updated_at = now()
            WHERE id = #{id}
            """)
    int update(UserRow row);
}
