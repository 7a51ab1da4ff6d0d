package io.leadflow.marketplace;

import java.util.List;
import java.util.Optional;

/**
 * The content of {@code keys.json}: the keys that may sign the index, signed itself by a root key
 * the reader pins. Rotating a signing key means publishing a new key list, never a new kernel.
 *
 * @param schemaVersion the format's version, {@value IndexDocument#SCHEMA_VERSION}
 * @param keys the signing keys, current and past
 */
public record KeyList(int schemaVersion, List<PublishedKey> keys) {
    /** Lists are never null, so readers need no null checks. */
    public KeyList {
        keys = keys == null ? List.of() : List.copyOf(keys);
    }

    /** The key with that id, if listed. */
    public Optional<PublishedKey> key(String keyId) {
        return keys.stream().filter(key -> key.keyId().equals(keyId)).findFirst();
    }
}
