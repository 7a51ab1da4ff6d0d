package io.leadflow.api.credential;

import io.leadflow.api.node.Property;
import java.util.Map;

/** A decrypted credential, handed only to the node run or test it is configured for. */
public interface Credential {

    /** @return the credential's id */
    String id();

    /** @return the credential type's id */
    String typeId();

    /**
     * A field's value.
     *
     * @param <T> the value type
     * @param field the field, one of the type's {@link CredentialDescriptor#fields()}
     * @return the value, or the field's default
     */
    <T> T get(Property<T> field);

    /** @return every field as plain JSON values */
    Map<String, Object> fields();
}
