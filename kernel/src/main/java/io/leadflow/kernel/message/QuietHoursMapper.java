package io.leadflow.kernel.message;

import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Select;

/** SQL of the workspace's quiet hours (one row, absent until first set). */
interface QuietHoursMapper {

    /** The row as text columns, or null when never set. */
    @Select("SELECT enabled, to_char(starts, 'HH24:MI:SS') AS starts, to_char(ends, 'HH24:MI:SS') AS ends, time_zone,"
            + " array_to_string(media, ',') AS media FROM quiet_hours WHERE id = 1")
    java.util.Map<String, Object> find();

    @Insert("""
            INSERT INTO quiet_hours (id, enabled, starts, ends, time_zone, media, updated_by)
            VALUES (1, #{enabled}, CAST(#{starts} AS time), CAST(#{ends} AS time), #{timeZone},
                    string_to_array(#{media}, ','), #{updatedBy})
            ON CONFLICT (id) DO UPDATE SET enabled = EXCLUDED.enabled, starts = EXCLUDED.starts, ends = EXCLUDED.ends,
                time_zone = EXCLUDED.time_zone, media = EXCLUDED.media, updated_at = now(), updated_by = EXCLUDED.updated_by
            """)
    void save(@org.apache.ibatis.annotations.Param("enabled") boolean enabled,
              @org.apache.ibatis.annotations.Param("starts") String starts,
              @org.apache.ibatis.annotations.Param("ends") String ends,
              @org.apache.ibatis.annotations.Param("timeZone") String timeZone,
              @org.apache.ibatis.annotations.Param("media") String media,
              @org.apache.ibatis.annotations.Param("updatedBy") java.util.UUID updatedBy);
}
