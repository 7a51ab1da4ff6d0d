package io.leadflow.kernel.audit;

import io.leadflow.kernel.store.Store;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

/**
 * Checks the audit trail's hash chain (see changelog 0020): walking the rows in chain order, each
 * must follow the previous one without a gap, name the previous row's hash, and hash to what it
 * says; the last one must be the chain's recorded tail. The first row that fails is reported.
 *
 * <p>The digest is recomputed by the database function the insert trigger uses, so the two can
 * never disagree on the canonical form of a row.
 */
public final class AuditChain {
    private static final int BATCH = 5000;
    private static final byte[] GENESIS = new byte[32];

    private final Store store;

    public AuditChain(Store store) {
        this.store = store.register(ChainMapper.class);
    }

    /** One link of the chain as read back, with the digest its content hashes to now. */
    public static final class Link {
        public long chainSeq;
        public long id;
        public byte[] prevHash;
        public byte[] hash;
        public byte[] digest;
    }

    /** SQL of the chain walk. */
    interface ChainMapper {
        @Select("""
                SELECT a.chain_seq, a.id, a.prev_hash, a.hash, audit_row_digest(a.prev_hash, a) AS digest
                FROM audit_log a WHERE a.chain_seq > #{after} ORDER BY a.chain_seq LIMIT #{limit}
                """)
        List<Link> links(@Param("after") long after, @Param("limit") int limit);

        @Select("SELECT chain_seq, hash FROM audit_chain_tail WHERE id = 1")
        Map<String, Object> tail();
    }

    /** The outcome of a walk: valid, or the first broken row and why. */
    public record Verification(boolean valid, long rowsChecked, Map<String, Object> firstBroken, String tailHash) {
    }

    public Verification verify() {
        long checked = 0;
        long lastSeq = 0;
        byte[] lastHash = null;
        while (true) {
            long after = lastSeq;
            List<Link> links = store.inTransaction(ChainMapper.class, mapper -> mapper.links(after, BATCH));
            for (Link link : links) {
                String problem = null;
                if (link.chainSeq != lastSeq + 1) {
                    problem = "rows " + (lastSeq + 1) + " to " + (link.chainSeq - 1) + " of the chain are missing";
                } else if (!Arrays.equals(link.prevHash, lastHash == null ? GENESIS : lastHash)) {
                    problem = "its previous-hash does not match the hash of the row before it";
                } else if (!Arrays.equals(link.digest, link.hash)) {
                    problem = "its content does not match its hash (the row was altered)";
                }
                if (problem != null) {
                    return broken(checked, link.id, link.chainSeq, problem);
                }
                checked++;
                lastSeq = link.chainSeq;
                lastHash = link.hash;
            }
            if (links.size() < BATCH) {
                break;
            }
        }
        Map<String, Object> tail = store.inTransaction(ChainMapper.class, ChainMapper::tail);
        long tailSeq = ((Number) tail.get("chain_seq")).longValue();
        byte[] tailHash = (byte[]) tail.get("hash");
        if (tailSeq != lastSeq || (lastHash != null && !Arrays.equals(tailHash, lastHash))) {
            return broken(checked, null, lastSeq + 1, "the chain ends at row " + lastSeq + " but its recorded tail is row "
                    + tailSeq + " (rows were removed from the end)");
        }
        return new Verification(true, checked, null, HexFormat.of().formatHex(tailHash));
    }

    private static Verification broken(long checked, Long id, long chainSeq, String reason) {
        Map<String, Object> first = new LinkedHashMap<>();
        first.put("id", id);
        first.put("chainSeq", chainSeq);
        first.put("reason", reason);
        return new Verification(false, checked, first, null);
    }
}
