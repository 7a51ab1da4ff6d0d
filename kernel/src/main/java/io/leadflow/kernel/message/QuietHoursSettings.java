package io.leadflow.kernel.message;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadflow.kernel.audit.Actor;
import io.leadflow.kernel.audit.AuditEntry;
import io.leadflow.kernel.audit.AuditLog;
import io.leadflow.kernel.http.ProblemException;
import io.leadflow.kernel.store.Store;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Reads and changes the workspace's {@link QuietHours}. Every send reads them, so they are kept
 * for a few seconds; another kernel process sees a change within that time.
 */
public final class QuietHoursSettings {
    private static final Duration CACHED_FOR = Duration.ofSeconds(5);
    private static final Set<String> MEDIA = Set.of("email", "sms", "whatsapp", "messenger", "instagram", "voice");

    private final Store store;
    private final AuditLog audit;
    private volatile QuietHours cached;
    private volatile long cachedAtNanos;

    public QuietHoursSettings(Store store, AuditLog audit) {
        this.store = store.register(QuietHoursMapper.class);
        this.audit = audit;
    }

    /** The quiet hours in force ({@link QuietHours#OFF} until an admin sets them). */
    public QuietHours current() {
        QuietHours known = cached;
        if (known != null && System.nanoTime() - cachedAtNanos < CACHED_FOR.toNanos()) {
            return known;
        }
        Map<String, Object> row = store.inTransaction(QuietHoursMapper.class, QuietHoursMapper::find);
        QuietHours read = row == null ? QuietHours.OFF : new QuietHours(Boolean.TRUE.equals(row.get("enabled")),
                LocalTime.parse(row.get("starts").toString()), LocalTime.parse(row.get("ends").toString()),
                ZoneId.of(row.get("time_zone").toString()),
                Arrays.stream(row.get("media").toString().split(",")).filter(m -> !m.isBlank()).collect(Collectors.toSet()));
        cached = read;
        cachedAtNanos = System.nanoTime();
        return read;
    }

    /** Validates and stores new quiet hours; audited. Fails with a 422 problem naming the field. */
    public QuietHours update(Actor actor, UUID userId, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ProblemException.badRequest("the body must be a JSON object with enabled, starts, ends, timeZone, media");
        }
        QuietHours base = current();
        boolean enabled = body.has("enabled") ? requireBoolean(body.get("enabled")) : base.enabled();
        LocalTime starts = body.has("starts") ? time(body.get("starts"), "starts") : base.starts();
        LocalTime ends = body.has("ends") ? time(body.get("ends"), "ends") : base.ends();
        ZoneId zone = base.timeZone();
        if (body.has("timeZone")) {
            try {
                zone = ZoneId.of(body.get("timeZone").asText());
            } catch (DateTimeException e) {
                throw ProblemException.invalidField("/timeZone", "timeZone must be an IANA time zone such as "
                        + "Europe/Berlin, not '" + body.get("timeZone").asText() + "'");
            }
        }
        Set<String> media = base.media();
        if (body.has("media")) {
            if (!body.get("media").isArray()) {
                throw ProblemException.invalidField("/media", "media must be an array such as [\"sms\", \"voice\"]");
            }
            media = new LinkedHashSet<>();
            for (JsonNode one : body.get("media")) {
                String medium = one.asText().toLowerCase(Locale.ROOT);
                if (!MEDIA.contains(medium)) {
                    throw ProblemException.invalidField("/media", "'" + one.asText() + "' is not one of " + MEDIA);
                }
                media.add(medium);
            }
        }
        if (starts.equals(ends)) {
            throw ProblemException.invalidField("/ends", "quiet hours must end at another time than they start");
        }
        QuietHours changed = new QuietHours(enabled, starts, ends, zone, media);
        String zoneId = zone.getId();
        store.inTransaction(session -> {
            session.getMapper(QuietHoursMapper.class).save(changed.enabled(), changed.starts().toString(),
                    changed.ends().toString(), zoneId, String.join(",", changed.sortedMedia()), userId);
            audit.record(session, AuditEntry.of(actor, "settings.quiet-hours.updated", AuditEntry.SUCCESS, "settings",
                    "quiet-hours", view(changed)));
            return null;
        });
        cached = changed;
        cachedAtNanos = System.nanoTime();
        return changed;
    }

    /** The API's form. */
    public static Map<String, Object> view(QuietHours hours) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("enabled", hours.enabled());
        view.put("starts", hours.starts().toString());
        view.put("ends", hours.ends().toString());
        view.put("timeZone", hours.timeZone().getId());
        view.put("media", hours.sortedMedia());
        return view;
    }

    private static boolean requireBoolean(JsonNode value) {
        if (!value.isBoolean()) {
            throw ProblemException.invalidField("/enabled", "enabled must be true or false");
        }
        return value.asBoolean();
    }

    private static LocalTime time(JsonNode value, String field) {
        try {
            return LocalTime.parse(value.asText());
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidField("/" + field, field + " must be a time of day such as 21:00 (or 21:00:30), not '"
                    + value.asText() + "'");
        }
    }
}
