package io.leadflow.kernel.credential;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A credential as the API shows it: its non-secret fields, and only the names of the secret
 * fields that are set, never their values.
 *
 * @param id the id
 * @param name the name people gave it
 * @param type the credential type id
 * @param fields the non-secret field values
 * @param secretFields the names of the secret fields that hold a value
 * @param createdAt when it was created
 * @param problem why its provider last refused it ({@code message}, {@code at}), until a connection test passes;
 *                null when none
 */
public record CredentialView(UUID id, String name, String type, Map<String, Object> fields,
                             List<String> secretFields, Instant createdAt,
                             Map<String, Object> problem) {
}
