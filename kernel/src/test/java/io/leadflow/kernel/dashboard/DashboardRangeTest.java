package io.leadflow.kernel.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadflow.kernel.http.ProblemException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DashboardRangeTest {
    private static final Instant NOW = Instant.parse("2026-12-07T11:42:13Z");

    @Test
    void theLastBucketHoldsNowAndBucketsAlignToUtc() {
        DashboardRange.Window day = DashboardRange.DAY.window(NOW);
        assertThat(day.buckets()).isEqualTo(24);
        assertThat(day.start(23)).isEqualTo(Instant.parse("2026-12-07T11:00:00Z"));
        assertThat(day.from()).isEqualTo(Instant.parse("2026-12-06T12:00:00Z"));
        assertThat(day.to()).isEqualTo(Instant.parse("2026-12-07T12:00:00Z"));

        DashboardRange.Window week = DashboardRange.WEEK.window(NOW);
        assertThat(week.buckets()).isEqualTo(28);
        assertThat(week.start(27)).isEqualTo(Instant.parse("2026-12-07T06:00:00Z"));
        assertThat(week.from()).isEqualTo(Instant.parse("2026-11-30T12:00:00Z"));

        DashboardRange.Window month = DashboardRange.MONTH.window(NOW);
        assertThat(month.buckets()).isEqualTo(30);
        assertThat(month.start(29)).isEqualTo(Instant.parse("2026-12-07T00:00:00Z"));
        assertThat(month.from()).isEqualTo(Instant.parse("2026-11-08T00:00:00Z"));
    }

    @Test
    void slotsOutsideTheWindowHaveNoIndex() {
        DashboardRange.Window day = DashboardRange.DAY.window(NOW);
        long first = day.from().getEpochSecond() / 3600;
        assertThat(day.index(first)).isZero();
        assertThat(day.index(first + 23)).isEqualTo(23);
        assertThat(day.index(first - 1)).isEqualTo(-1);
        assertThat(day.index(first + 24)).isEqualTo(-1);
    }

    @Test
    void parsesTheThreeRangesDefaultsToADayAndRefusesOthers() {
        assertThat(DashboardRange.parse("7d")).isEqualTo(DashboardRange.WEEK);
        assertThat(DashboardRange.parse(null)).isEqualTo(DashboardRange.DAY);
        assertThat(DashboardRange.parse("")).isEqualTo(DashboardRange.DAY);
        assertThatThrownBy(() -> DashboardRange.parse("1y")).isInstanceOf(ProblemException.class)
                .hasMessageContaining("24h, 7d, 30d");
    }
}
