package ${package};

import io.leadflow.api.credential.ConnectionTest;
import io.leadflow.api.credential.Credential;
import io.leadflow.api.credential.CredentialDescriptor;
import io.leadflow.api.credential.CredentialType;
import io.leadflow.api.http.HttpClient;
import io.leadflow.api.http.HttpRequest;
import io.leadflow.api.node.Property;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.pf4j.Extension;

/**
 * {@code ${pluginId}.api-key}: the provider's base URL and an API key. The kernel stores the key
 * encrypted, never returns it, and hands it only to the node run or connection test it is for.
 */
@Extension
public class ApiKeyCredential implements CredentialType {
    /** The credential type's id; nodes name it in their descriptor to accept such a credential. */
    public static final String TYPE_ID = "${pluginId}.api-key";
    /** Where the provider's API lives; a test points it at a local fake. */
    static final Property<String> BASE_URL = Property.string("baseUrl").label("Base URL").required()
            .defaultValue("https://api.example.com").build();
    /** The secret, sent as a bearer token. */
    static final Property<String> API_KEY = Property.string("apiKey").label("API key").required().secret().build();

    private static final CredentialDescriptor DESCRIPTOR = new CredentialDescriptor(TYPE_ID, "Example API key",
            "An API key of the example provider.", List.of(BASE_URL, API_KEY));

    @Override
    public CredentialDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /** A cheap authenticated call: {@code GET /me} answers 2xx only for a valid key. */
    @Override
    public CompletionStage<ConnectionTest> test(Credential credential, HttpClient http) {
        HttpRequest request = HttpRequest.get(URI.create(credential.get(BASE_URL) + "/me"))
                .header("Authorization", "Bearer " + credential.get(API_KEY))
                .build();
        return http.send(request).thenApply(response -> {
            if (response.successful()) {
                return ConnectionTest.ok("the API accepted the key");
            }
            if (response.status() == 401 || response.status() == 403) {
                return ConnectionTest.failed("the API refused the key (HTTP " + response.status() + ")");
            }
            return ConnectionTest.failed("the API answered HTTP " + response.status());
        });
    }
}
