package io.leadflow.kernel.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Where a kernel starts checking a schedule it sees for the first time. */
class SchedulerTest {
    private static final Instant MINUTE = Instant.parse("2026-11-27T10:53:00Z");

    @Test
    void aMinuteThatPassedBetweenActivationAndFirstSightingStillFires() {
        Instant activated = MINUTE.minusMillis(100);
        Instant firstSeen = MINUTE.plusMillis(300);
        assertThat(Scheduler.firstChecked(activated, firstSeen)).isEqualTo(activated).isBefore(MINUTE);
    }

    @Test
    void noTimeBeforeTheActivationFires() {
        Instant activated = MINUTE.plusSeconds(2);
        assertThat(Scheduler.firstChecked(activated, MINUTE.plusSeconds(4))).isEqualTo(activated);
    }

    @Test
    void aLongActiveScheduleCatchesUpOnlyTheLastSeconds() {
        Instant started = MINUTE.plusSeconds(30);
        assertThat(Scheduler.firstChecked(MINUTE.minusSeconds(3600), started))
                .isEqualTo(started.minus(Scheduler.CATCH_UP));
        assertThat(Scheduler.firstChecked(null, started)).isEqualTo(started.minus(Scheduler.CATCH_UP));
    }

    @Test
    void aClockAheadOfThisKernelNeverMovesTheStartIntoTheFuture() {
        assertThat(Scheduler.firstChecked(MINUTE.plusSeconds(5), MINUTE)).isEqualTo(MINUTE);
    }
}
