package io.leadflow.plugins.twilio;

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
 * The {@code twilio.account} credential: an account SID and auth token (HTTP basic auth, and the key
 * of every webhook signature), the sender (a phone number or a messaging service), and the public
 * URL Twilio posts inbound messages and delivery callbacks to.
 */
@Extension
public final class TwilioCredentialType implements CredentialType {

    /** The credential type id. */
    public static final String TYPE_ID = "twilio.account";

    /** The account SID, {@code AC} followed by 32 hex digits. */
    public static final Property<String> ACCOUNT_SID = Property.string("accountSid")
            .label("Account SID")
            .placeholder("AC0123456789abcdef0123456789abcdef")
            .required()
            .build();

    /** The auth token: the basic-auth password and the key of {@code X-Twilio-Signature}. */
    public static final Property<String> AUTH_TOKEN = Property.string("authToken")
            .label("Auth token")
            .description("Signs Twilio's webhooks too, so inbound messages are refused without it.")
            .required()
            .secret()
            .build();

    /** The sending number in E.164 form, used when no messaging service is set. */
    public static final Property<String> FROM = Property.string("from")
            .label("From number")
            .placeholder("+15017122661")
            .build();

    /** A messaging service ({@code MG...}) that picks the sender; wins over the number. */
    public static final Property<String> MESSAGING_SERVICE_SID = Property.string("messagingServiceSid")
            .label("Messaging service SID")
            .placeholder("MG0123456789abcdef0123456789abcdef")
            .build();

    /**
     * The URL exactly as configured in Twilio for this number's incoming messages: Twilio signs that
     * URL, so behind a proxy the kernel cannot rebuild it. Also sent as each message's
     * {@code StatusCallback}.
     */
    public static final Property<String> WEBHOOK_URL = Property.string("webhookUrl")
            .label("Webhook URL")
            .description("The public URL of /hooks/channels/twilio/sms as entered in Twilio (query included).")
            .placeholder("https://leads.example.com/hooks/channels/twilio/sms")
            .build();

    /** Overrides the API address, e.g. for a proxy; empty for Twilio itself. */
    public static final Property<String> BASE_URL = Property.string("baseUrl")
            .label("API base URL")
            .description("Leave empty to use https://api.twilio.com.")
            .placeholder("https://api.twilio.com")
            .build();

    private static final CredentialDescriptor DESCRIPTOR = new CredentialDescriptor(TYPE_ID, "Twilio account",
            "Sends SMS through Twilio and verifies Twilio's webhooks.",
            List.of(ACCOUNT_SID, AUTH_TOKEN, FROM, MESSAGING_SERVICE_SID, WEBHOOK_URL, BASE_URL));

    /** Creates the credential type; PF4J calls this. */
    public TwilioCredentialType() {
    }

    /** @return the type id, label and fields of {@code twilio.account} */
    @Override
    public CredentialDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /** Reads the account resource: proves the SID and token together, sends nothing. */
    @Override
    public CompletionStage<ConnectionTest> test(Credential credential, HttpClient http) {
        TwilioAccount account;
        try {
            account = TwilioAccount.from(credential);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(ConnectionTest.failed(e.getMessage()));
        }
        HttpRequest request = HttpRequest.get(account.accountUri())
                .basicAuth(account.accountSid(), account.authToken())
                .header("Accept", "application/json")
                .build();
        return http.send(request)
                .thenApply(response -> switch (response.status()) {
                    case 200 -> ConnectionTest.ok("account " + account.accountSid() + " reachable");
                    case 401, 403 -> ConnectionTest.failed("Twilio refused the account SID or auth token");
                    case 404 -> ConnectionTest.failed("unknown account " + account.accountSid());
                    default -> ConnectionTest.failed("Twilio answered HTTP " + response.status());
                })
                .exceptionally(error -> ConnectionTest.failed("cannot reach Twilio: " + Failures.describe(error)));
    }
}
