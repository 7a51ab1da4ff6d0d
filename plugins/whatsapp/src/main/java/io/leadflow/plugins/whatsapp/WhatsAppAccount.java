package io.leadflow.plugins.whatsapp;

import io.leadflow.api.credential.Credential;
import io.leadflow.plugins.meta.GraphEndpoint;
import io.leadflow.plugins.meta.MetaAccount;
import java.net.URI;

/**
 * A {@code whatsapp.cloud} credential read and checked once.
 *
 * @param phoneNumberId the business number's id
 * @param accessToken the access token
 * @param appSecret the app secret
 * @param verifyToken the webhook verify token
 * @param endpoint the Graph API base and version
 */
record WhatsAppAccount(String phoneNumberId, String accessToken, String appSecret, String verifyToken,
                       GraphEndpoint endpoint)
        implements MetaAccount {

    /**
     * Reads a credential.
     *
     * @throws IllegalArgumentException naming the field that is missing or wrong (never a secret)
     */
    static WhatsAppAccount from(Credential credential) {
        String id = trimmed(credential.get(WhatsAppCredentialType.PHONE_NUMBER_ID));
        // the id becomes a path segment: only digits may pass
        if (id == null || !id.matches("\\d{1,32}")) {
            throw new IllegalArgumentException("the WhatsApp credential's phone number ID must be digits "
                    + "(the number's ID in WhatsApp Manager, not the phone number)");
        }
        String token = trimmed(credential.get(WhatsAppCredentialType.ACCESS_TOKEN));
        if (token == null) {
            throw new IllegalArgumentException("the WhatsApp credential has no access token");
        }
        return new WhatsAppAccount(id, token, trimmed(credential.get(WhatsAppCredentialType.APP_SECRET)),
                trimmed(credential.get(WhatsAppCredentialType.VERIFY_TOKEN)),
                GraphEndpoint.of("WhatsApp", credential.get(WhatsAppCredentialType.BASE_URL), GraphEndpoint.FACEBOOK,
                        credential.get(WhatsAppCredentialType.API_VERSION)));
    }

    /** {@code POST} here to send. */
    URI messagesUri() {
        return endpoint.resolve(phoneNumberId + "/messages");
    }

    /** {@code GET} here to read the number. */
    URI phoneNumberUri() {
        return URI.create(endpoint.resolve(phoneNumberId) + "?fields=display_phone_number,verified_name");
    }

    /** Leaves the secrets out, so an account never ends up in a log or an error message. */
    @Override
    public String toString() {
        return "WhatsAppAccount[phoneNumberId=" + phoneNumberId + ", endpoint=" + endpoint + "]";
    }

    private static String trimmed(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
