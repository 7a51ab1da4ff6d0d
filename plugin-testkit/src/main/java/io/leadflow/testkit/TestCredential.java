package io.leadflow.testkit;

import io.leadflow.api.credential.Credential;
import io.leadflow.api.node.Property;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A credential from plain values, as the kernel would hand it decrypted.
 *
 * @param id the credential's id
 * @param typeId the credential type's id
 * @param fields the field values
 */
public record TestCredential(String id, String typeId, Map<String, Object> fields) implements Credential {

    /**
     * Copies the fields.
     *
     * @param id the id
     * @param typeId the type id
     * @param fields the fields
     */
    public TestCredential {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /**
     * A credential of the given type.
     *
     * @param typeId the credential type's id
     * @param fields the field values
     * @return the credential
     */
    public static TestCredential of(String typeId, Map<String, Object> fields) {
        return new TestCredential("test-credential", typeId, fields);
    }

    @Override
    public <T> T get(Property<T> field) {
        return Property.read(field, fields);
    }
}
