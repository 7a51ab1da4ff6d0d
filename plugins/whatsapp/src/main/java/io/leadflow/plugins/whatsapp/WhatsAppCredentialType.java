package io.leadflow.plugins.whatsapp;

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
 * The {@code whatsapp.cloud} credential: a WhatsApp business phone number of the Cloud API, the
 * access token that sends from it, and the app secret and verify token its webhook is checked with.
 */
@Extension
public final class WhatsAppCredentialType implements CredentialType {

    /** The credential type id. */
    public static final String TYPE_ID = "whatsapp.cloud";

    /** The phone number id (not the number itself): the path segment messages are posted to. */
    public static final Property<String> PHONE_NUMBER_ID = Property.string("phoneNumberId")
            .label("Phone number ID")
            .description("From WhatsApp Manager or the app's WhatsApp > API setup page.")
            .placeholder("106540352242922")
            .required()
            .build();

    /** A system user's access token with whatsapp_business_messaging. */
    public static final Property<String> ACCESS_TOKEN = Property.string("accessToken")
            .label("Access token")
            .description("A system user token with the whatsapp_business_messaging permission.")
            .required()
            .secret()
            .build();

    /** The app secret: the key of {@code X-Hub-Signature-256}. */
    public static final Property<String> APP_SECRET = MetaFields.appSecret("Signs Meta's webhooks; inbound messages are refused without it.");

    /** The token entered as "Verify token" in the app's webhook settings. */
    public static final Property<String> VERIFY_TOKEN = MetaFields.verifyToken("WhatsApp");

    /** The Graph API version. */
    public static final Property<String> API_VERSION = MetaFields.apiVersion();

    /** Overrides the API address, e.g. for a proxy; empty for Meta itself. */
    public static final Property<String> BASE_URL = MetaFields.baseUrl("https://graph.facebook.com");

    private static final CredentialDescriptor DESCRIPTOR = new CredentialDescriptor(TYPE_ID, "WhatsApp Cloud API",
            "Sends WhatsApp messages from a business number and verifies Meta's webhooks.",
            List.of(PHONE_NUMBER_ID, ACCESS_TOKEN, APP_SECRET, VERIFY_TOKEN, API_VERSION, BASE_URL));

    /** Creates the credential type; PF4J calls this. */
    public WhatsAppCredentialType() {
    }

    /** @return the type id, label and fields of {@code whatsapp.cloud} */
    @Override
    public CredentialDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /** Reads the phone number: proves the token and the number id together, sends nothing. */
    @Override
    public CompletionStage<ConnectionTest> test(Credential credential, HttpClient http) {
        WhatsAppAccount account;
        try {
            account = WhatsAppAccount.from(credential);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(ConnectionTest.failed(e.getMessage()));
        }
        return MetaFields.test(http, "WhatsApp", account.phoneNumberUri(), account.accessToken(), number -> "business number "
                + (Json.text(number, "display_phone_number") == null ? account.phoneNumberId()
                : Json.text(number, "display_phone_number"))
                + (Json.text(number, "verified_name") == null ? "" : " (" + Json.text(number, "verified_name") + ")")
                + " reachable");
    }
}
