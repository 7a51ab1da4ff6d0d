package io.leadflow.kernel.lead;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A lead in plaintext, in memory only: what is encrypted into and decrypted out of a row. */
record LeadData(UUID id, String firstName, String lastName, String company, List<String> emails,
                List<String> phones, String source, String status, List<String> tags, UUID owner,
                Map<String, Object> customFields, Map<String, Consent> consent, Instant createdAt,
                Instant updatedAt) {

    LeadData {
        emails = List.copyOf(emails);
        phones = List.copyOf(phones);
        tags = List.copyOf(tags);
        // no custom fields and an empty object are one state, so comparisons see no change
        customFields = customFields == null || customFields.isEmpty() ? null
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(customFields));
        consent = Map.copyOf(consent);
    }

    @Override
    public String toString() {
        return "LeadData[" + id + "]"; // never the personal data
    }
}
