package io.leadflow.plugins.mailgun;

import io.leadflow.api.credential.ConnectionTest;
import io.leadflow.api.credential.Credential;
import io.leadflow.api.credential.CredentialDescriptor;
import io.leadflow.api.credential.CredentialType;
import io.leadflow.api.http.HttpClient;
import io.leadflow.api.http.HttpRequest;
import io.leadflow.api.node.Property;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.pf4j.Extension;

/**
 * The {@code mailgun.api-key} credential: a Mailgun private API key for one sending domain, the
 * region that hosts it, and the webhook signing key that authenticates Mailgun's webhooks.
 */
@Extension
public final class MailgunCredentialType implements CredentialType {

    /** The credential type id. */
    public static final String TYPE_ID = "mailgun.api-key";

    /** The private API key, sent as the password of HTTP basic auth with user {@code api}. */
    public static final Property<String> API_KEY = Property.string("apiKey")
            .label("API key")
            .description("A Mailgun private API key (or a domain sending key).")
            .required()
            .secret()
            .build();

    /** The sending domain, e.g. {@code mg.example.com}. */
    public static final Property<String> DOMAIN = Property.string("domain")
            .label("Domain")
            .description("The Mailgun sending domain.")
            .placeholder("mg.example.com")
            .required()
            .build();

    /** Where the domain is hosted: {@code us} (api.mailgun.net) or {@code eu} (api.eu.mailgun.net). */
    public static final Property<String> REGION = Property.options("region", "us", "eu")
            .label("Region")
            .description("The region the domain was created in.")
            .defaultValue("us")
            .build();

    /** Overrides the region's API address, e.g. for a proxy; empty for Mailgun itself. */
    public static final Property<String> BASE_URL = Property.string("baseUrl")
            .label("API base URL")
            .description("Leave empty to use the region's Mailgun API.")
            .placeholder("https://api.mailgun.net")
            .build();

    /** The HTTP webhook signing key that signs webhooks and inbound route posts. */
    public static final Property<String> WEBHOOK_SIGNING_KEY = Property.string("webhookSigningKey")
            .label("Webhook signing key")
            .description("Mailgun's HTTP webhook signing key; needed to accept webhooks and inbound mail.")
            .secret()
            .build();

    /** The sender used when a send names none, e.g. {@code Sales <sales@mg.example.com>}. */
    public static final Property<String> DEFAULT_FROM = Property.string("defaultFrom")
            .label("Default sender")
            .placeholder("Sales <sales@mg.example.com>")
            .build();

    private static final CredentialDescriptor DESCRIPTOR = new CredentialDescriptor(TYPE_ID, "Mailgun API key",
            "Sends email through a Mailgun domain and verifies Mailgun's webhooks.",
            List.of(API_KEY, DOMAIN, REGION, BASE_URL, WEBHOOK_SIGNING_KEY, DEFAULT_FROM));

    /** Creates the credential type; PF4J calls this. */
    public MailgunCredentialType() {
    }

    /** @return the type id, label and fields of {@code mailgun.api-key} */
    @Override
    public CredentialDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /**
     * Reads the domain with the key: the cheapest authenticated call that proves both the key and
     * the domain (and the region, since a domain exists in one region only).
     */
    @Override
    public CompletionStage<ConnectionTest> test(Credential credential, HttpClient http) {
        MailgunAccount account;
        try {
            account = MailgunAccount.from(credential);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(ConnectionTest.failed(e.getMessage()));
        }
        HttpRequest request = HttpRequest.get(account.domainUri())
                .basicAuth("api", account.apiKey())
                .header("Accept", "application/json")
                .build();
        return http.send(request)
                .thenApply(response -> switch (response.status()) {
                    case 200 -> ConnectionTest.ok("domain " + account.domain() + " reachable");
                    case 401, 403 -> ConnectionTest.failed("Mailgun refused the API key");
                    case 404 -> ConnectionTest.failed("unknown domain");
                    default -> ConnectionTest.failed("Mailgun answered HTTP " + response.status());
                })
                .exceptionally(error -> ConnectionTest.failed("cannot reach Mailgun: " + Failures.describe(error)));
    }
}
