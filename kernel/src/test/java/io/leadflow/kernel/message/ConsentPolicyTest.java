package io.leadflow.kernel.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.api.channel.ChannelException;
import io.leadflow.api.channel.Medium;
import io.leadflow.kernel.lead.Consent;
import io.leadflow.kernel.lead.LeadView;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ConsentPolicyTest {
    private static final UUID ID = UUID.fromString("00000000-0000-0000-0000-000000000042");
    private static final Instant AT = Instant.parse("2030-01-02T03:04:05Z");

    private static LeadView lead(Map<String, Consent> consent) {
        return new LeadView(ID, null, null, null, List.of("a@example.com"), List.of("+14155550123"), null, "new",
                List.of(), null, Map.of(), consent, AT, AT, null);
    }

    @Test
    void anOptedOutLeadIsRefusedOnEveryMediumWithWhenAndWhy() {
        for (Medium medium : Medium.values()) {
            String channel = medium.name().toLowerCase();
            Optional<ChannelException> refusal = ConsentPolicy.refusal(lead(Map.of(channel,
                    new Consent(Consent.OPTED_OUT, AT, "inbound:" + channel))), medium);

            assertThat(refusal).hasValueSatisfying(failure -> {
                assertThat(failure.getMessage()).isEqualTo("lead " + ID + " opted out of " + channel
                        + " (2030-01-02T03:04:05Z, inbound:" + channel + ")");
                assertThat(failure.retryable()).isFalse();
                assertThat(failure.code()).isEqualTo("opted_out");
            });
        }
    }

    @Test
    void smsWhatsappAndVoiceNeedAnExplicitOptIn() {
        for (Medium medium : List.of(Medium.SMS, Medium.WHATSAPP, Medium.VOICE)) {
            assertThat(ConsentPolicy.refusal(lead(Map.of()), medium))
                    .hasValueSatisfying(failure -> assertThat(failure.code()).isEqualTo("no_consent"));
            assertThat(ConsentPolicy.refusal(lead(Map.of(medium.name().toLowerCase(),
                    new Consent(Consent.OPTED_IN, AT, "form"))), medium)).isEmpty();
        }
    }

    @Test
    void emailMessengerAndInstagramAreAllowedUnlessOptedOut() {
        for (Medium medium : List.of(Medium.EMAIL, Medium.MESSENGER, Medium.INSTAGRAM)) {
            assertThat(ConsentPolicy.refusal(lead(Map.of()), medium)).isEmpty();
            assertThat(ConsentPolicy.refusal(lead(Map.of(medium.name().toLowerCase(),
                    new Consent(Consent.UNKNOWN, null, null))), medium)).isEmpty();
        }
    }

    @Test
    void onlyAWholeMessageThatIsAKeywordChangesConsent() {
        for (String stop : List.of("STOP", "stop", " Stop\n", "STOPALL", "unsubscribe", "Cancel", "END", "quit")) {
            assertThat(ConsentKeywords.of(stop)).as(stop).isEqualTo(ConsentKeywords.OPT_OUT);
        }
        assertThat(ConsentKeywords.of("start")).isEqualTo(ConsentKeywords.OPT_IN);
        assertThat(ConsentKeywords.of(" UNSTOP ")).isEqualTo(ConsentKeywords.OPT_IN);
        for (String other : List.of("stop by tomorrow", "please stop", "", "st op", "STOP!")) {
            assertThat(ConsentKeywords.of(other)).as(other).isEqualTo(ConsentKeywords.NONE);
        }
        assertThat(ConsentKeywords.of(null)).isEqualTo(ConsentKeywords.NONE);
    }
}
