package io.leadflow.kernel.dashboard;

import io.leadflow.kernel.http.ProblemException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The periods the dashboard shows, each cut into a fixed number of buckets aligned to UTC, the
 * last one being the bucket {@code now} falls in (so it is still filling).
 */
enum DashboardRange {
    DAY("24h", "1h", Duration.ofHours(1), 24),
    WEEK("7d", "6h", Duration.ofHours(6), 28),
    MONTH("30d", "1d", Duration.ofDays(1), 30);

    private final String id;
    private final String bucketName;
    private final Duration bucket;
    private final int buckets;

    DashboardRange(String id, String bucketName, Duration bucket, int buckets) {
        this.id = id;
        this.bucketName = bucketName;
        this.bucket = bucket;
        this.buckets = buckets;
    }

    static DashboardRange parse(String value) {
        if (value == null || value.isBlank()) {
            return DAY;
        }
        return Arrays.stream(values()).filter(range -> range.id.equals(value)).findFirst()
                .orElseThrow(() -> ProblemException.invalidParameter("range", "range must be one of "
                        + Arrays.stream(values()).map(range -> range.id).collect(Collectors.joining(", "))));
    }

    String id() {
        return id;
    }

    String bucketName() {
        return bucketName;
    }

    /** The buckets of this range that end with the one holding {@code now}. */
    Window window(Instant now) {
        long size = bucket.toSeconds();
        long current = Math.floorDiv(now.getEpochSecond(), size);
        return new Window(current - buckets + 1, buckets, size);
    }

    /**
     * Buckets {@code firstSlot .. firstSlot + buckets - 1}, where slot {@code s} covers the epoch
     * seconds {@code [s * size, (s + 1) * size)}: the same numbering the SQL computes per row.
     */
    record Window(long firstSlot, int buckets, long bucketSeconds) {
        Instant from() {
            return start(0);
        }

        /** The end of the last bucket (exclusive). */
        Instant to() {
            return start(buckets);
        }

        Instant start(int index) {
            return Instant.ofEpochSecond((firstSlot + index) * bucketSeconds);
        }

        /** The bucket index of an absolute slot, or -1 when it lies outside the window. */
        int index(long slot) {
            long index = slot - firstSlot;
            return index < 0 || index >= buckets ? -1 : (int) index;
        }
    }
}
