package io.leadflow.plugins.messenger;

import io.leadflow.api.credential.ConnectionTest;
import io.leadflow.api.credential.Credential;
import io.leadflow.api.credential.CredentialDescriptor;
import io.leadflow.api.credential.CredentialType;
import io.leadflow.api.http.HttpClient;
import io.leadflow.api.node.Property;
import io.leadflow.plugins.meta.Json;
import io.leadflow.plugins.meta.MetaFields;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.pf4j.Extension;

/**
 * The {@code messenger.page} credential: a Facebook Page, its page access token, and the app secret
 * and verify token its webhook is checked with.
 */
@Extension
public final class MessengerCredentialType implements CredentialType {

    /** The credential type id. */
    public static final String TYPE_ID = "messenger.page";

    /** The page id: the path segment messages are posted to. */
    public static final Property<String> PAGE_ID = Property.string("pageId")
            .label("Page ID")
            .description("The Facebook Page's numeric ID (Page > About > Page transparency, or the Graph API).")
            .placeholder("104523456789012")
            .required()
            .build();

    /** A page access token with pages_messaging. */
    public static final Property<String> PAGE_ACCESS_TOKEN = Property.string("pageAccessToken")
            .label("Page access token")
            .description("A page access token with the pages_messaging permission.")
            .required()
            .secret()
            .build();

    /** The app secret: the key of {@code X-Hub-Signature-256}. */
    public static final Property<String> APP_SECRET = MetaFields.appSecret("Signs Meta's webhooks; inbound messages are refused without it.");

    /** The token entered as "Verify token" in the app's webhook settings. */
    public static final Property<String> VERIFY_TOKEN = MetaFields.verifyToken("Messenger");

    /** The Graph API version. */
    public static final Property<String> API_VERSION = MetaFields.apiVersion();

    /** Overrides the API address, e.g. for a proxy; empty for Meta itself. */
    public static final Property<String> BASE_URL = MetaFields.baseUrl("https://graph.facebook.com");

    private static final CredentialDescriptor DESCRIPTOR = new CredentialDescriptor(TYPE_ID, "Facebook Page (Messenger)",
            "Answers Messenger conversations of a Facebook Page and verifies Meta's webhooks.",
            List.of(PAGE_ID, PAGE_ACCESS_TOKEN, APP_SECRET, VERIFY_TOKEN, API_VERSION, BASE_URL));

    /** Creates the credential type; PF4J calls this. */
    public MessengerCredentialType() {
    }

    /** @return the type id, label and fields of {@code messenger.page} */
    @Override
    public CredentialDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /** Reads the page: proves the token and the page id together, sends nothing. */
    @Override
    public CompletionStage<ConnectionTest> test(Credential credential, HttpClient http) {
        MessengerPage page;
        try {
            page = MessengerPage.from(credential);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(ConnectionTest.failed(e.getMessage()));
        }
        return MetaFields.test(http, "Messenger", page.pageUri(), page.accessToken(), answer -> "page "
                + (Json.text(answer, "name") == null ? page.pageId() : Json.text(answer, "name")) + " reachable");
    }
}
