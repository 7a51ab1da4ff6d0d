package io.leadflow.api.trigger;

import java.time.ZoneId;
import java.util.Objects;

/**
 * When a schedule trigger fires: a cron expression (five fields: minute hour day-of-month month
 * day-of-week) evaluated in a time zone.
 *
 * @param cron the cron expression
 * @param zone the time zone it is read in
 */
public record Schedule(String cron, ZoneId zone) {

    /**
     * Validates.
     *
     * @param cron the cron expression
     * @param zone the time zone
     */
    public Schedule {
        Objects.requireNonNull(cron, "cron");
        Objects.requireNonNull(zone, "zone");
    }
}
