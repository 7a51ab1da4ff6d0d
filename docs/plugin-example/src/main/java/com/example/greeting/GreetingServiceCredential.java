package com.example.greeting;

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

/** {@code greeting.service-key}: the greeting service's base URL and API key, with a connection test. */
@Extension
public class GreetingServiceCredential implements CredentialType {
    public static final String TYPE_ID = "greeting.service-key";
    static final Property<String> BASE_URL = Property.string("baseUrl").label("Base URL").required()
            .defaultValue("https://greetings.example.com").build();
    static final Property<String> API_KEY = Property.string("apiKey").label("API key").required().secret().build();

    @Override
    public CredentialDescriptor descriptor() {
        return new CredentialDescriptor(TYPE_ID, "Greeting service key", "An API key of the greeting service.",
                List.of(BASE_URL, API_KEY));
    }

    @Override
    public CompletionStage<ConnectionTest> test(Credential credential, HttpClient http) {
        HttpRequest whoAmI = HttpRequest.get(URI.create(credential.get(BASE_URL) + "/v1/me"))
                .header("Authorization", "Bearer " + credential.get(API_KEY))
                .build();
        return http.send(whoAmI).thenApply(response -> switch (response.status()) {
            case 200 -> ConnectionTest.ok("connected");
            case 401, 403 -> ConnectionTest.failed("the service refused the API key (HTTP " + response.status() + ")");
            default -> ConnectionTest.failed("the service answered HTTP " + response.status());
        });
    }
}
