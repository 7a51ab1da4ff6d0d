package io.leadflow.plugins.twilio;

import io.leadflow.api.credential.Credential;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A {@code twilio.account} credential read and checked once.
 *
 * @param accountSid the account SID
 * @param authToken the auth token
 * @param from the sending number, or null
 * @param messagingServiceSid the messaging service, or null
 * @param webhookUrl the public webhook URL as configured in Twilio, or null
 * @param baseUri the API's base address, without a trailing slash
 */
record TwilioAccount(String accountSid, String authToken, String from, String messagingServiceSid, String webhookUrl,
                     URI baseUri) {
    static final URI TWILIO = URI.create("https://api.twilio.com");

    /**
     * Reads a credential.
     *
     * @throws IllegalArgumentException naming the field that is missing or wrong (never a secret)
     */
    static TwilioAccount from(Credential credential) {
        String sid = blankToNull(credential.get(TwilioCredentialType.ACCOUNT_SID));
        // the SID becomes a path segment: only its documented form may pass
        if (sid == null || !sid.trim().matches("AC[0-9a-fA-F]{32}")) {
            throw new IllegalArgumentException("the Twilio credential's account SID must be AC followed by 32 hex digits");
        }
        String token = blankToNull(credential.get(TwilioCredentialType.AUTH_TOKEN));
        if (token == null) {
            throw new IllegalArgumentException("the Twilio credential has no auth token");
        }
        return new TwilioAccount(sid.trim(), token.trim(), blankToNull(credential.get(TwilioCredentialType.FROM)),
                blankToNull(credential.get(TwilioCredentialType.MESSAGING_SERVICE_SID)),
                blankToNull(credential.get(TwilioCredentialType.WEBHOOK_URL)), baseUri(credential));
    }

    private static URI baseUri(Credential credential) {
        String override = blankToNull(credential.get(TwilioCredentialType.BASE_URL));
        if (override == null) {
            return TWILIO;
        }
        String trimmed = override.trim().replaceAll("/+$", "");
        try {
            URI uri = new URI(trimmed);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null
                    || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new IllegalArgumentException("the Twilio credential's base URL must be an http(s) address "
                        + "without query: " + trimmed);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the Twilio credential's base URL is not a URL: " + trimmed, e);
        }
    }

    /** {@code POST} here to send a message. */
    URI messagesUri() {
        return URI.create(baseUri + "/2010-04-01/Accounts/" + accountSid + "/Messages.json");
    }

    /** {@code GET} here to read the account. */
    URI accountUri() {
        return URI.create(baseUri + "/2010-04-01/Accounts/" + accountSid + ".json");
    }

    /** Leaves the token out, so an account never ends up in a log or an error message. */
    @Override
    public String toString() {
        return "TwilioAccount[accountSid=" + accountSid + ", baseUri=" + baseUri + "]";
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
