package io.leadflow.api.credential;

import io.leadflow.api.node.IdentifierRules;
import io.leadflow.api.node.Property;
import java.util.List;

/**
 * A credential type as plain data: a plugin-scoped id (e.g. {@code mailgun.api-key}, following
 * {@link IdentifierRules#TYPE_ID}), a label and its fields. Fields marked {@link Property#secret()} are encrypted at rest and never returned.
 *
 * @param typeId the plugin-scoped id
 * @param label what the editor shows
 * @param description help text
 * @param fields the fields, in form order
 */
public record CredentialDescriptor(String typeId, String label, String description, List<Property<?>> fields) {

    /**
     * Validates and copies.
     *
     * @param typeId the id
     * @param label the label
     * @param description the help text
     * @param fields the fields
     */
    public CredentialDescriptor {
        IdentifierRules.requireTypeId("credential type id", typeId);
        label = label == null ? typeId : label;
        description = description == null ? "" : description;
        fields = List.copyOf(fields);
    }
}
