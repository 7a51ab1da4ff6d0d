package io.leadflow.kernel.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QuietHoursTest {
    private final QuietHours night = new QuietHours(true, LocalTime.of(21, 0), LocalTime.of(8, 0), ZoneId.of("UTC"),
            Set.of("sms", "voice"));

    @Test
    void aSpanAcrossMidnightDefersToItsEndInTheLeadsZone() {
        ZoneId berlin = night.zoneOf("Europe/Berlin");
        assertThat(berlin).isEqualTo(ZoneId.of("Europe/Berlin"));
        // 22:30 in Berlin (21:30 UTC): until 08:00 Berlin the next morning
        assertThat(night.deferral("sms", berlin, Instant.parse("2026-12-06T21:30:00Z")))
                .contains(Instant.parse("2026-12-07T07:00:00Z"));
        // 06:00 in Berlin: until 08:00 the same morning
        assertThat(night.deferral("voice", berlin, Instant.parse("2026-12-07T05:00:00Z")))
                .contains(Instant.parse("2026-12-07T07:00:00Z"));
        // 12:00 in Berlin: goes now
        assertThat(night.deferral("sms", berlin, Instant.parse("2026-12-07T11:00:00Z"))).isEmpty();
    }

    @Test
    void otherMediaTheWorkspacesZoneForABadZoneAndOffMeanNoWait() {
        Instant lateUtc = Instant.parse("2026-12-06T23:00:00Z");
        assertThat(night.deferral("email", ZoneId.of("UTC"), lateUtc)).isEmpty();
        assertThat(night.zoneOf("Mars/Olympus")).isEqualTo(ZoneId.of("UTC"));
        assertThat(night.zoneOf(null)).isEqualTo(ZoneId.of("UTC"));
        assertThat(QuietHours.OFF.deferral("sms", ZoneId.of("UTC"), lateUtc)).isEmpty();
    }

    @Test
    void aDaytimeSpanDefersWithinTheDay() {
        QuietHours lunch = new QuietHours(true, LocalTime.of(12, 0), LocalTime.of(13, 30), ZoneId.of("UTC"), Set.of("sms"));
        assertThat(lunch.deferral("sms", ZoneId.of("UTC"), Instant.parse("2026-12-07T12:15:00Z")))
                .contains(Instant.parse("2026-12-07T13:30:00Z"));
        assertThat(lunch.deferral("sms", ZoneId.of("UTC"), Instant.parse("2026-12-07T13:30:00Z"))).isEmpty();
    }
}
