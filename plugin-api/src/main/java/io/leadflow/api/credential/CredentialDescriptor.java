package io.leadflow.api.credential;

import io.leadflow.api.node.Property;
import java.util.List;
import java.util.Objects;

/**
 * A credential type as plain data: a plugin-scoped id (e.g. {@code mailgun.api-key}), a label and
 * its fields. Fields marked {@link Property#secret()} are encrypted at rest and never returned.
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
        Objects.requireNonNull(typeId, "typeId");
        if (!typeId.matches("[a-z][a-z0-9-]{0,40}\\.[a-z][a-z0-9-]{0,60}")) {
            throw new IllegalArgumentException("credential type id must be '<plugin>.<name>': " + typeId);
        }
        label = label == null ? typeId : label;
        description = description == null ? "" : description;
        fields = List.copyOf(fields);
    }
}
