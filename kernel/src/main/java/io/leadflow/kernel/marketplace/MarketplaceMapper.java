package io.leadflow.kernel.marketplace;

import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

/** SQL of the highest index sequence seen per location. */
interface MarketplaceMapper {

    @Select("SELECT source, highest_sequence, index_sha256 FROM marketplace_sequence WHERE source = #{source}")
    SequenceRow find(@Param("source") String source);

    /** Raises the sequence, never lowers it: of two kernels racing, the higher index wins. */
    @Insert("""
            INSERT INTO marketplace_sequence (source, highest_sequence, index_sha256)
            VALUES (#{source}, #{sequence}, #{sha256})
            ON CONFLICT (source) DO UPDATE SET highest_sequence = EXCLUDED.highest_sequence,
                index_sha256 = EXCLUDED.index_sha256, seen_at = now()
            WHERE marketplace_sequence.highest_sequence < EXCLUDED.highest_sequence
            """)
    int raise(@Param("source") String source, @Param("sequence") long sequence, @Param("sha256") String sha256);
}
