package io.leadflow.kernel.lead;

import java.time.Instant;
import java.util.List;

/**
 * A lead's consent on one channel: opted in, opted out or unknown, when that was recorded and by
 * what source (a form, an inbound STOP, an import). Stored plainly: the kernel must read it before
 * every send without decrypting the lead.
 *
 * @param state {@code opted_in}, {@code opted_out} or {@code unknown}
 * @param at when the state was given; when several are known the latest wins
 * @param source what recorded it, free text
 */
public record Consent(String state, Instant at, String source) {
    public static final String OPTED_IN = "opted_in";
    public static final String OPTED_OUT = "opted_out";
    public static final String UNKNOWN = "unknown";

    /** The channels consent is kept for, in the order they are shown. */
    public static final List<String> CHANNELS = List.of("email", "sms", "whatsapp", "messenger", "instagram", "voice");
    static final List<String> STATES = List.of(OPTED_IN, OPTED_OUT, UNKNOWN);

    static Consent unknown() {
        return new Consent(UNKNOWN, null, null);
    }

    /** Whether this consent was given later than {@code other} (a missing time counts as oldest). */
    boolean newerThan(Consent other) {
        if (other == null || other.at == null) {
            return true;
        }
        return at != null && at.isAfter(other.at);
    }
}
