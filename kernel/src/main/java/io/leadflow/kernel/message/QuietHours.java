package io.leadflow.kernel.message;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The workspace's quiet hours: no message on the listed media between {@code starts} and
 * {@code ends} (a span may cross midnight, 21:00 to 08:00) in the lead's time zone, else the
 * workspace's. A send that falls inside waits until they end; nothing is dropped.
 *
 * @param enabled whether they apply at all
 * @param starts when they start, local time
 * @param ends when they end, local time
 * @param timeZone the workspace's zone, for leads without one
 * @param media the media they apply to (sms, whatsapp, voice, ...)
 */
public record QuietHours(boolean enabled, LocalTime starts, LocalTime ends, ZoneId timeZone, Set<String> media) {
    /** Off; when turned on, 21:00 to 08:00 UTC for SMS, WhatsApp and calls is what telemarketing rules suggest. */
    public static final QuietHours OFF = new QuietHours(false, LocalTime.of(21, 0), LocalTime.of(8, 0), ZoneId.of("UTC"),
            Set.of("sms", "whatsapp", "voice"));

    public QuietHours {
        media = Set.copyOf(media);
        if (starts.equals(ends)) {
            throw new IllegalArgumentException("quiet hours must start and end at different times");
        }
    }

    /** The lead's zone when it names a valid one (custom field {@code timeZone}), else the workspace's. */
    ZoneId zoneOf(Object leadZone) {
        if (leadZone instanceof String text && !text.isBlank()) {
            try {
                return ZoneId.of(text.trim());
            } catch (DateTimeException e) {
                return timeZone;
            }
        }
        return timeZone;
    }

    /** When a send on {@code medium} at {@code now} may go, if that is later: the end of the quiet span it falls in. */
    Optional<Instant> deferral(String medium, ZoneId zone, Instant now) {
        if (!enabled || !media.contains(medium.toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        ZonedDateTime local = now.atZone(zone);
        LocalTime time = local.toLocalTime();
        boolean crossesMidnight = starts.isAfter(ends);
        boolean quiet = crossesMidnight ? !time.isBefore(starts) || time.isBefore(ends)
                : !time.isBefore(starts) && time.isBefore(ends);
        if (!quiet) {
            return Optional.empty();
        }
        ZonedDateTime end = local.with(ends);
        if (!end.isAfter(local)) {
            end = local.plusDays(1).with(ends);
        }
        return Optional.of(end.toInstant());
    }

    List<String> sortedMedia() {
        return media.stream().sorted().toList();
    }
}
