package io.leadflow.kernel.message;

import io.leadflow.api.channel.ChannelException;
import io.leadflow.api.channel.Medium;
import io.leadflow.kernel.lead.Consent;
import io.leadflow.kernel.lead.LeadView;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a lead may be messaged on a medium. The rule:
 * <ul>
 *   <li>opted out of the medium: never;</li>
 *   <li>SMS, WhatsApp and voice need an explicit opt-in (telemarketing law such as the TCPA, and
 *       WhatsApp's business policy): unknown consent refuses too;</li>
 *   <li>email, Messenger and Instagram are allowed unless opted out (email follows opt-out rules
 *       such as CAN-SPAM; Messenger and Instagram conversations start with the lead writing).</li>
 * </ul>
 */
final class ConsentPolicy {
    static final Set<Medium> OPT_IN_REQUIRED = Set.of(Medium.SMS, Medium.WHATSAPP, Medium.VOICE);

    private ConsentPolicy() {
    }

    /** The consent channel name of a medium: {@code email}, {@code sms}, ... */
    static String channelOf(Medium medium) {
        return medium.name().toLowerCase(Locale.ROOT);
    }

    /** Why the lead must not be messaged on {@code medium}, as a permanent failure; empty if it may be. */
    static Optional<ChannelException> refusal(LeadView lead, Medium medium) {
        String channel = channelOf(medium);
        Consent consent = lead.consent().get(channel);
        String state = consent == null ? Consent.UNKNOWN : consent.state();
        if (Consent.OPTED_OUT.equals(state)) {
            return Optional.of(new ChannelException("lead " + lead.id() + " opted out of " + channel + " ("
                    + consent.at() + ", " + consent.source() + ")", false, "opted_out"));
        }
        if (OPT_IN_REQUIRED.contains(medium) && !Consent.OPTED_IN.equals(state)) {
            return Optional.of(new ChannelException("lead " + lead.id() + " has not opted in to " + channel
                    + " (sms, whatsapp and voice need an explicit opt-in)", false, "no_consent"));
        }
        return Optional.empty();
    }
}
