package io.leadflow.plugins.core;

import io.leadflow.api.node.Action;
import io.leadflow.api.node.NodeConfig;
import io.leadflow.api.node.NodeContext;
import io.leadflow.api.node.NodeDescriptor;
import io.leadflow.api.node.NodeInput;
import io.leadflow.api.node.NodeResult;
import io.leadflow.api.node.Property;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.pf4j.Extension;

/**
 * {@code core.wait}: pauses the run durably, for a duration or until an instant, then passes its
 * input items on. The kernel keeps the wait as a database row, so days are fine; more than 365 days
 * is refused as a likely mistake.
 */
@Extension
public final class WaitNode implements Action {
    /** The longest wait accepted. */
    static final Duration MAX_WAIT = Duration.ofDays(365);
    /** Wait for a duration, or until an instant. */
    static final Property<String> MODE = Property.options("mode", "duration", "until").label("Wait")
            .defaultValue("duration").build();
    /** How many units to wait. */
    static final Property<Double> AMOUNT = Property.number("amount").label("Amount").defaultValue(1.0)
            .range(0.0, null).visibleWhen("mode", "duration").build();
    /** The unit of {@link #AMOUNT}. */
    static final Property<String> UNIT = Property.options("unit", "seconds", "minutes", "hours", "days")
            .label("Unit").defaultValue("minutes").visibleWhen("mode", "duration").build();
    /** The instant to wait for, ISO-8601 with a zone or offset. */
    static final Property<String> UNTIL = Property.string("until").label("Until").expressions()
            .placeholder("2030-01-31T09:00:00Z").visibleWhen("mode", "until").build();

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.action("core.wait")
            .label("Wait")
            .description("Pauses the run for a while or until a given time, then continues with the same items.")
            .category("Core")
            .icon("hourglass")
            .properties(MODE, AMOUNT, UNIT, UNTIL)
            .idempotent()
            .build();

    private final Clock clock;

    /** Creates the node on the system clock; PF4J instantiates it once per plugin start. */
    public WaitNode() {
        this(Clock.systemUTC());
    }

    WaitNode(Clock clock) {
        this.clock = clock;
    }

    /** {@inheritDoc} */
    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /** {@inheritDoc} */
    @Override
    public CompletionStage<NodeResult> execute(NodeInput input, NodeContext context) {
        Instant now = clock.instant();
        NodeResult result;
        try {
            Instant until = "until".equals(context.config().get(MODE)) ? until(context.config(), now)
                    : now.plus(duration(context.config()));
            if (Duration.between(now, until).compareTo(MAX_WAIT) > 0) {
                throw new InvalidWait("wait_too_long", "waits longer than 365 days are not allowed (until " + until + ")");
            }
            result = new NodeResult.WaitUntil(until, input.items());
        } catch (InvalidWait e) {
            result = Items.permanent(e.code, e.getMessage());
        }
        return CompletableFuture.completedFuture(result);
    }

    private static Instant until(NodeConfig config, Instant now) {
        String text = config.get(UNTIL);
        if (text == null || text.isBlank()) {
            throw new InvalidWait("invalid_wait", "'until' is empty: give an ISO-8601 instant such as 2030-01-31T09:00:00Z");
        }
        Instant until;
        try {
            until = OffsetDateTime.parse(text.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidWait("invalid_wait", "'until' is not an ISO-8601 instant with a zone or offset: " + text);
        }
        if (until.isBefore(now)) {
            throw new InvalidWait("wait_in_past", "'until' is in the past: " + until);
        }
        return until;
    }

    private static Duration duration(NodeConfig config) {
        double amount = config.get(AMOUNT);
        if (amount < 0 || Double.isNaN(amount) || Double.isInfinite(amount)) {
            throw new InvalidWait("invalid_wait", "the amount must be zero or more, got " + amount);
        }
        long secondsPerUnit = switch (config.get(UNIT)) {
            case "seconds" -> 1;
            case "minutes" -> 60;
            case "hours" -> 3_600;
            default -> 86_400;
        };
        double millis = amount * secondsPerUnit * 1000;
        // checked before building the Duration: a huge amount would overflow Instant arithmetic
        if (millis > MAX_WAIT.toMillis()) {
            throw new InvalidWait("wait_too_long", "waits longer than 365 days are not allowed (" + amount + " "
                    + config.get(UNIT) + ")");
        }
        return Duration.ofMillis(Math.round(millis));
    }

    /** A configuration that cannot become a wait, with the failure code to report. */
    private static final class InvalidWait extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String code;

        InvalidWait(String code, String message) {
            super(message);
            this.code = code;
        }
    }
}
