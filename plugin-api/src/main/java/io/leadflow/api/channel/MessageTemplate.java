package io.leadflow.api.channel;

import java.util.List;
import java.util.Objects;

/**
 * A message template the provider approved beforehand (a WhatsApp message template): the only kind
 * of message WhatsApp delivers outside the 24-hour customer-service window.
 *
 * <p>Since channel package version 1.1.
 *
 * @param name the template's name, e.g. {@code welcome_lead}
 * @param language its language code, e.g. {@code en_US}
 * @param components the values for its placeholders, in the provider's own shape as plain JSON
 *                   values (for WhatsApp the {@code components} array: {@code [{"type": "body",
 *                   "parameters": [{"type": "text", "text": "Anna"}]}]}), possibly empty
 */
public record MessageTemplate(String name, String language, List<Object> components) {
    /**
     * Validates and copies.
     *
     * @param name the name
     * @param language the language code
     * @param components the components
     */
    public MessageTemplate {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(language, "language");
        components = components == null ? List.of() : List.copyOf(components);
    }
}
