package io.leadflow.api.credential;

import io.leadflow.api.http.HttpClient;
import java.util.concurrent.CompletionStage;
import org.pf4j.ExtensionPoint;

/**
 * A kind of credential a plugin's nodes use (an API key, an account), with a test that checks it
 * against the provider. Mark implementations with PF4J's {@code @Extension}.
 */
public interface CredentialType extends ExtensionPoint {

    /** @return the type's id, fields and label */
    CredentialDescriptor descriptor();

    /**
     * Checks that the credential works, e.g. with a cheap authenticated call to the provider.
     *
     * @param credential the decrypted credential
     * @param http the kernel's guarded HTTP client
     * @return whether it works, and why not
     */
    CompletionStage<ConnectionTest> test(Credential credential, HttpClient http);
}
