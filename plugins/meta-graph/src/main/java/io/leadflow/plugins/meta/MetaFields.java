package io.leadflow.plugins.meta;

import io.leadflow.api.credential.ConnectionTest;
import io.leadflow.api.http.HttpClient;
import io.leadflow.api.node.Property;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/** The credential fields every Meta credential has, and its connection test: one read with the token. */
public final class MetaFields {
    private MetaFields() {
    }

    /**
     * The app secret: the key of {@code X-Hub-Signature-256}.
     *
     * @param description where to find it
     * @return the field
     */
    public static Property<String> appSecret(String description) {
        return Property.string("appSecret").label("App secret").description(description).required().secret().build();
    }

    /**
     * The token entered as "Verify token" in the app's webhook settings.
     *
     * @param product where it is entered, e.g. {@code Messenger}
     * @return the field
     */
    public static Property<String> verifyToken(String product) {
        return Property.string("verifyToken").label("Webhook verify token")
                .description("Any string you choose; enter the same in the app's " + product + " webhook settings.")
                .required().secret().build();
    }

    /** @return the Graph API version, {@link GraphEndpoint#DEFAULT_VERSION} by default */
    public static Property<String> apiVersion() {
        return Property.string("apiVersion").label("Graph API version").defaultValue(GraphEndpoint.DEFAULT_VERSION)
                .placeholder(GraphEndpoint.DEFAULT_VERSION).build();
    }

    /**
     * Overrides the API address, e.g. for a proxy.
     *
     * @param standard the real address, named in the description
     * @return the field
     */
    public static Property<String> baseUrl(String standard) {
        return Property.string("baseUrl").label("API base URL").description("Leave empty to use " + standard + ".")
                .placeholder(standard).build();
    }

    /**
     * A connection test that reads one resource with the token: proves it, sends nothing.
     *
     * @param http the kernel's HTTP client
     * @param product the product, for messages
     * @param uri what to read
     * @param token the access token
     * @param describe what the answer says, e.g. {@code page Acme reachable}
     * @return the test's result; Meta's refusal or an unreachable host is a failed test saying why
     */
    public static CompletionStage<ConnectionTest> test(HttpClient http, String product, URI uri, String token,
                                                       Function<Map<String, Object>, String> describe) {
        return new GraphClient(http, product).get(uri, token)
                .thenApply(answer -> ConnectionTest.ok(describe.apply(answer)))
                .exceptionally(error -> {
                    String message = Failures.cause(error).getMessage();
                    return ConnectionTest.failed(message == null ? Failures.describe(error) : message);
                });
    }
}
