package io.leadflow.kernel.plugin;

import java.util.List;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** SQL of installed plugins. */
interface PluginMapper {

    @Select("SELECT id, version, file_name, sha256, enabled, installed_at, updated_at FROM plugin ORDER BY id")
    List<PluginRow> findAll();

    @Select("SELECT id, version, file_name, sha256, enabled, installed_at, updated_at FROM plugin WHERE id = #{id}")
    PluginRow find(@Param("id") String id);

    @Insert("""
            INSERT INTO plugin (id, version, file_name, sha256, enabled)
            VALUES (#{id}, #{version}, #{fileName}, #{sha256}, #{enabled})
            ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version, file_name = EXCLUDED.file_name,
                sha256 = EXCLUDED.sha256, enabled = EXCLUDED.enabled, updated_at = now()
            """)
    void upsert(PluginRow row);

    @Update("UPDATE plugin SET enabled = #{enabled}, updated_at = now() WHERE id = #{id}")
    int setEnabled(@Param("id") String id, @Param("enabled") boolean enabled);

    @Delete("DELETE FROM plugin WHERE id = #{id}")
    int delete(@Param("id") String id);
}
