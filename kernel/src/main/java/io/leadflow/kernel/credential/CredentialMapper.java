package io.leadflow.kernel.credential;

import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** SQL of credentials. */
interface CredentialMapper {
    String COLUMNS = "id, name, type_id, ciphertext, public_fields::text AS public_fields_json, created_by, created_at, updated_at, problem, problem_at";

    @Insert("""
            INSERT INTO credential (id, name, type_id, ciphertext, public_fields, created_by)
            VALUES (#{id}, #{name}, #{typeId}, #{ciphertext}, CAST(#{publicFieldsJson} AS jsonb), #{createdBy})
            """)
    void insert(CredentialRow row);

    @Select("SELECT " + COLUMNS + " FROM credential ORDER BY lower(name), id")
    List<CredentialRow> findAll();

    @Select("SELECT " + COLUMNS + " FROM credential WHERE id = #{id}")
    CredentialRow find(@Param("id") UUID id);

    @Update("UPDATE credential SET ciphertext = #{ciphertext} WHERE id = #{id}")
    void reseal(@Param("id") UUID id, @Param("ciphertext") String ciphertext);

    /** Marks the credential as refused by its provider; 0 if it was deleted meanwhile. */
    @Update("UPDATE credential SET problem = #{problem}, problem_at = now() WHERE id = #{id}")
    int flag(@Param("id") UUID id, @Param("problem") String problem);

    @Update("UPDATE credential SET problem = NULL, problem_at = NULL WHERE id = #{id} AND problem IS NOT NULL")
    int clearProblem(@Param("id") UUID id);

    @Delete("DELETE FROM credential WHERE id = #{id}")
    int delete(@Param("id") UUID id);
}
