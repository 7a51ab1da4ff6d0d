package io.leadflow.plugins.instagram;

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
 * The {@code instagram.account} credential: an Instagram professional account reached either with
 * Instagram login (an Instagram user access token, {@code graph.instagram.com/.../me/messages}) or
 * through its linked Facebook Page (a page access token, {@code graph.facebook.com/.../{page-id}/messages}),
 * and the app secret and verify token its webhook is checked with.
 */
@Extension
public final class InstagramCredentialType implements CredentialType {

    /** The credential type id. */
    public static final String TYPE_ID = "instagram.account";
    /** Instagram API with Instagram login. */
    public static final String INSTAGRAM_LOGIN = "instagram-login";
    /** Instagram messaging through the linked Facebook Page. */
    public static final String PAGE_TOKEN = "page-token";

    /** Which of Meta's two Instagram messaging APIs the token is for. */
    public static final Property<String> LOGIN = Property.options("login", INSTAGRAM_LOGIN, PAGE_TOKEN)
            .label("Connected with")
            .description("instagram-login: an Instagram user access token (graph.instagram.com); "
                    + "page-token: the linked Facebook Page's access token (graph.facebook.com).")
            .defaultValue(INSTAGRAM_LOGIN)
            .required()
            .build();

    /** The Instagram professional account id (instagram-login) or the linked page's id (page-token). */
    public static final Property<String> ACCOUNT_ID = Property.string("accountId")
            .label("Account ID")
            .description("The Instagram account's ID (its webhooks' entry id); for page-token, the linked page's ID.")
            .placeholder("17841400000000001")
            .required()
            .build();

    /** The access token. */
    public static final Property<String> ACCESS_TOKEN = Property.string("accessToken")
            .label("Access token")
            .description("instagram_business_manage_messages (Instagram login) or a page token with "
                    + "instagram_manage_messages.")
            .required()
            .secret()
            .build();

    /** The app secret: the key of {@code X-Hub-Signature-256}. */
    public static final Property<String> APP_SECRET = MetaFields.appSecret("Signs Meta's webhooks (for Instagram login: the Instagram app secret).");

    /** The token entered as "Verify token" in the app's webhook settings. */
    public static final Property<String> VERIFY_TOKEN = MetaFields.verifyToken("Instagram");

    /** The Graph API version. */
    public static final Property<String> API_VERSION = MetaFields.apiVersion();

    /** Overrides the API address, e.g. for a proxy; empty for Meta itself. */
    public static final Property<String> BASE_URL = Property.string("baseUrl")
            .label("API base URL")
            .description("Leave empty for https://graph.instagram.com (Instagram login) or "
                    + "https://graph.facebook.com (page token).")
            .build();

    private static final CredentialDescriptor DESCRIPTOR = new CredentialDescriptor(TYPE_ID, "Instagram account",
            "Answers Instagram direct messages and verifies Meta's webhooks.",
            List.of(LOGIN, ACCOUNT_ID, ACCESS_TOKEN, APP_SECRET, VERIFY_TOKEN, API_VERSION, BASE_URL));

    /** Creates the credential type; PF4J calls this. */
    public InstagramCredentialType() {
    }

    /** @return the type id, label and fields of {@code instagram.account} */
    @Override
    public CredentialDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /** Reads the account ({@code me}) or the page: proves the token, sends nothing. */
    @Override
    public CompletionStage<ConnectionTest> test(Credential credential, HttpClient http) {
        InstagramAccount account;
        try {
            account = InstagramAccount.from(credential);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(ConnectionTest.failed(e.getMessage()));
        }
        return MetaFields.test(http, "Instagram", account.profileUri(), account.accessToken(), answer -> "account "
                + (Json.text(answer, "username") != null ? "@" + Json.text(answer, "username")
                : Json.text(answer, "name") != null ? Json.text(answer, "name") : account.accountId()) + " reachable");
    }
}
