package io.leadflow.api.channel;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How a call the kernel placed through a voice channel ended, from the provider's end-of-call
 * report. The kernel stores it on the lead's timeline (transcript and summary encrypted like
 * messages) and raises {@code call.ended}, whose correlation key is the provider's call id.
 *
 * <p>Since channel package version 1.1.
 *
 * @param providerCallId the provider's id of the call, as in the call's {@link SendReceipt}
 * @param outcome one of {@link #OUTCOMES}: {@code answered}, {@code no-answer}, {@code voicemail},
 *                {@code busy}, {@code failed}
 * @param endedReason the provider's own reason, e.g. {@code customer-ended-call}, or null
 * @param transcript the transcript as text, or null
 * @param summary the provider's summary of the call, or null
 * @param structuredData values the provider extracted from the call (plain JSON), possibly empty
 * @param cost what the call cost in US dollars, or null
 * @param startedAt when the call started, or null
 * @param endedAt when it ended, or null
 */
public record CallReport(String providerCallId, String outcome, String endedReason, String transcript, String summary,
                         Map<String, Object> structuredData, Double cost, Instant startedAt, Instant endedAt) {

    /** The outcomes a report may carry. */
    public static final Set<String> OUTCOMES = Set.of("answered", "no-answer", "voicemail", "busy", "failed");

    /**
     * Validates and copies.
     *
     * @param providerCallId the call id
     * @param outcome the outcome
     * @param endedReason the provider's reason
     * @param transcript the transcript
     * @param summary the summary
     * @param structuredData the extracted values
     * @param cost the cost
     * @param startedAt the start
     * @param endedAt the end
     * @throws IllegalArgumentException for an outcome not in {@link #OUTCOMES}
     */
    public CallReport {
        Objects.requireNonNull(providerCallId, "providerCallId");
        Objects.requireNonNull(outcome, "outcome");
        outcome = outcome.trim().toLowerCase(Locale.ROOT);
        if (!OUTCOMES.contains(outcome)) {
            throw new IllegalArgumentException("a call's outcome is one of " + OUTCOMES + ", not '" + outcome + "'");
        }
        structuredData = Collections.unmodifiableMap(new LinkedHashMap<>(structuredData == null ? Map.of() : structuredData));
    }
}
