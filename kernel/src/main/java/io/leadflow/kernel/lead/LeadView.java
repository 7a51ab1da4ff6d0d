package io.leadflow.kernel.lead;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A lead as the API shows it, decrypted. Consent lists every channel, unknown where nothing was
 * recorded. {@code merged} is set only in the answer to a create: whether the lead already
 * existed (same email or phone) and the request was merged into it.
 *
 * @param id the id
 * @param firstName first name
 * @param lastName last name
 * @param company company
 * @param emails normalised email addresses
 * @param phones phone numbers in E.164
 * @param source where the lead came from
 * @param status new, contacted, qualified, won or lost
 * @param tags tags
 * @param owner the id of the user who owns the lead
 * @param customFields free-form fields
 * @param consent consent per channel
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 * @param merged on create only: whether the request was merged into an existing lead
 */
public record LeadView(UUID id, String firstName, String lastName, String company, List<String> emails,
                       List<String> phones, String source, String status, List<String> tags, UUID owner,
                       Map<String, Object> customFields, Map<String, Consent> consent, Instant createdAt,
                       Instant updatedAt, Boolean merged) {

    static LeadView of(LeadData lead) {
        Map<String, Consent> consent = new LinkedHashMap<>();
        for (String channel : Consent.CHANNELS) {
            consent.put(channel, lead.consent().getOrDefault(channel, Consent.unknown()));
        }
        return new LeadView(lead.id(), lead.firstName(), lead.lastName(), lead.company(), lead.emails(),
                lead.phones(), lead.source(), lead.status(), lead.tags(), lead.owner(),
                lead.customFields() == null ? Map.of() : lead.customFields(), consent, lead.createdAt(),
                lead.updatedAt(), null);
    }

    LeadView withMerged(boolean value) {
        return new LeadView(id, firstName, lastName, company, emails, phones, source, status, tags, owner,
                customFields, consent, createdAt, updatedAt, value);
    }
}
