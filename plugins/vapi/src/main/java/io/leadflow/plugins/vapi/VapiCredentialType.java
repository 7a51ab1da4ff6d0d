package io.leadflow.plugins.vapi;

import io.leadflow.api.credential.ConnectionTest;
import io.leadflow.api.credential.Credential;
import io.leadflow.api.credential.CredentialDescriptor;
import io.leadflow.api.credential.CredentialType;
import io.leadflow.api.http.HttpClient;
import io.leadflow.api.http.HttpRequest;
import io.leadflow.api.node.Property;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CompletionException;
import org.pf4j.Extension;

/**
 * The {@code vapi.account} credential: a VAPI private API key, the phone number calls are placed
 * from, the assistant that talks, and the secret VAPI's server-URL webhooks carry.
 */
@Extension
public final class VapiCredentialType implements CredentialType {

    /** The credential type id. */
    public static final String TYPE_ID = "vapi.account";
    /** The secret travels as {@code X-Vapi-Secret: <secret>}. */
    public static final String X_VAPI_SECRET = "x-vapi-secret";
    /** The secret travels as {@code Authorization: Bearer <secret>}. */
    public static final String BEARER = "bearer";

    /** The private API key. */
    public static final Property<String> API_KEY = Property.string("apiKey")
            .label("Private API key")
            .description("From the VAPI dashboard (the private key, not the public one).")
            .required()
            .secret()
            .build();

    /** The VAPI phone number calls are placed from. */
    public static final Property<String> PHONE_NUMBER_ID = Property.string("phoneNumberId")
            .label("Phone number ID")
            .placeholder("a VAPI phone number's id (a UUID)")
            .required()
            .build();

    /** The assistant that talks to the lead. */
    public static final Property<String> ASSISTANT_ID = Property.string("assistantId")
            .label("Assistant ID")
            .placeholder("a VAPI assistant's id (a UUID)")
            .required()
            .build();

    /** The secret VAPI's webhooks carry. */
    public static final Property<String> SERVER_SECRET = Property.string("serverSecret")
            .label("Server URL secret")
            .description("The secret set with the Server URL in VAPI; webhooks without it are refused.")
            .required()
            .secret()
            .build();

    /** Where the secret travels. */
    public static final Property<String> SECRET_HEADER = Property.options("secretHeader", X_VAPI_SECRET, BEARER)
            .label("Secret sent as")
            .description("x-vapi-secret: the X-Vapi-Secret header; bearer: Authorization: Bearer.")
            .defaultValue(X_VAPI_SECRET)
            .build();

    /** Overrides the API address, e.g. for a proxy; empty for VAPI itself. */
    public static final Property<String> BASE_URL = Property.string("baseUrl")
            .label("API base URL")
            .description("Leave empty to use https://api.vapi.ai.")
            .placeholder("https://api.vapi.ai")
            .build();

    private static final CredentialDescriptor DESCRIPTOR = new CredentialDescriptor(TYPE_ID, "VAPI account",
            "Places voice calls with a VAPI assistant and verifies VAPI's webhooks.",
            List.of(API_KEY, PHONE_NUMBER_ID, ASSISTANT_ID, SERVER_SECRET, SECRET_HEADER, BASE_URL));

    /** Creates the credential type; PF4J calls this. */
    public VapiCredentialType() {
    }

    /** @return the type id, label and fields of {@code vapi.account} */
    @Override
    public CredentialDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /** Reads the phone number: proves the key and the number together, calls nobody. */
    @Override
    public CompletionStage<ConnectionTest> test(Credential credential, HttpClient http) {
        VapiAccount account;
        try {
            account = VapiAccount.from(credential);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(ConnectionTest.failed(e.getMessage()));
        }
        HttpRequest request = HttpRequest.get(account.phoneNumberUri())
                .header("Authorization", "Bearer " + account.apiKey())
                .header("Accept", "application/json")
                .build();
        return http.send(request).thenApply(response -> {
            if (response.status() == 200) {
                Map<String, Object> number = Json.objectOrNull(response.body());
                String shown = number == null ? null : Json.text(number, "number");
                return ConnectionTest.ok("phone number " + (shown == null ? account.phoneNumberId() : shown) + " reachable");
            }
            return switch (response.status()) {
                case 401, 403 -> ConnectionTest.failed("VAPI refused the API key");
                case 404 -> ConnectionTest.failed("VAPI has no phone number " + account.phoneNumberId());
                default -> ConnectionTest.failed("VAPI answered HTTP " + response.status());
            };
        }).exceptionally(error -> ConnectionTest.failed("cannot reach VAPI: "
                + (error instanceof CompletionException && error.getCause() != null ? error.getCause() : error)));
    }
}
