package io.leadflow.plugins.core;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import io.leadflow.api.node.Item;
import io.leadflow.api.node.NodeDescriptor;
import io.leadflow.api.node.Property;
import io.leadflow.api.trigger.Schedule;
import io.leadflow.api.trigger.ScheduleTrigger;
import io.leadflow.api.trigger.TriggerContext;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pf4j.Extension;

/**
 * {@code core.schedule}: starts a run whenever a five-field UNIX cron expression matches, read in
 * a configured time zone. Each run starts with one item
 * {@code {scheduledAt, timezone, localTime}}.
 */
@Extension
public final class ScheduleTriggerNode implements ScheduleTrigger {
    /** Minute, hour, day of month, month, day of week, e.g. {@code 0 9 * * 1-5}. */
    static final Property<String> CRON = Property.string("cron").label("Cron expression").required()
            .description("Five fields: minute hour day-of-month month day-of-week").placeholder("0 9 * * 1-5")
            .build();
    /** The IANA time zone the cron expression is read in. */
    static final Property<String> TIMEZONE = Property.string("timezone").label("Time zone").defaultValue("UTC")
            .placeholder("Europe/Paris").build();

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.trigger("core.schedule")
            .label("Schedule")
            .description("Starts the workflow on a cron schedule in a time zone.")
            .category("Core")
            .icon("clock")
            .properties(CRON, TIMEZONE)
            .build();

    /** Creates the node; PF4J instantiates it once per plugin start. */
    public ScheduleTriggerNode() {
        // stateless: everything comes from the trigger context
    }

    /** {@inheritDoc} */
    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /**
     * The validated schedule.
     *
     * @param context the trigger's configuration
     * @return the cron expression and zone
     * @throws IllegalArgumentException naming the bad cron expression or time zone
     */
    @Override
    public Schedule schedule(TriggerContext context) {
        return new Schedule(validCron(context.config().get(CRON)), validZone(context.config().get(TIMEZONE)));
    }

    /** {@inheritDoc} */
    @Override
    public List<Item> fire(Instant scheduledAt, TriggerContext context) {
        ZoneId zone = validZone(context.config().get(TIMEZONE));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("scheduledAt", scheduledAt.toString());
        json.put("timezone", zone.getId());
        json.put("localTime", LocalDateTime.ofInstant(scheduledAt, zone).toString());
        return List.of(Item.of(json));
    }

    static String validCron(String cron) {
        if (cron == null || cron.isBlank()) {
            throw new IllegalArgumentException("the schedule needs a cron expression, e.g. '0 9 * * 1-5'");
        }
        String trimmed = cron.trim().replaceAll("\\s+", " ");
        try {
            // a new parser per call: schedules are read rarely and the parser's thread-safety is undocumented
            new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX)).parse(trimmed).validate();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid cron expression '" + trimmed
                    + "' (five fields: minute hour day-of-month month day-of-week): " + e.getMessage(), e);
        }
        return trimmed;
    }

    static ZoneId validZone(String timezone) {
        if (timezone == null || timezone.isBlank()) {
            return ZoneId.of("UTC");
        }
        try {
            return ZoneId.of(timezone.trim());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("invalid time zone '" + timezone
                    + "': use an IANA name such as 'Europe/Paris' or 'UTC'", e);
        }
    }
}
