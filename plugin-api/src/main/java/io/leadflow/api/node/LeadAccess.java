package io.leadflow.api.node;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * A node's access to leads. Every call is audited by the kernel against the running execution;
 * leads are plain JSON maps ({@code id}, {@code firstName}, {@code emails}, {@code phones},
 * {@code tags}, {@code consent}, custom fields, ...).
 */
public interface LeadAccess {

    /**
     * Finds a lead by id.
     *
     * @param leadId the lead's id
     * @return the lead, or empty
     */
    CompletionStage<Optional<Map<String, Object>>> find(String leadId);

    /**
     * Finds a lead by email address (normalised by the kernel).
     *
     * @param email the address
     * @return the lead, or empty
     */
    CompletionStage<Optional<Map<String, Object>>> findByEmail(String email);

    /**
     * Finds a lead by phone number (normalised to E.164 by the kernel).
     *
     * @param phone the number
     * @return the lead, or empty
     */
    CompletionStage<Optional<Map<String, Object>>> findByPhone(String phone);

    /**
     * Creates a lead, or merges into the existing one with the same email or phone.
     *
     * @param fields the lead's fields
     * @return the created or merged lead
     */
    CompletionStage<Map<String, Object>> upsert(Map<String, Object> fields);

    /**
     * Changes some fields of a lead.
     *
     * @param leadId the lead's id
     * @param changes the fields to set
     * @return the updated lead
     */
    CompletionStage<Map<String, Object>> update(String leadId, Map<String, Object> changes);
}
