package io.leadflow.plugins.messenger;

import io.leadflow.api.credential.Credential;
import io.leadflow.plugins.meta.GraphEndpoint;
import io.leadflow.plugins.meta.MetaAccount;
import java.net.URI;

/**
 * A {@code messenger.page} credential read and checked once.
 *
 * @param pageId the page's id
 * @param accessToken the page access token
 * @param appSecret the app secret
 * @param verifyToken the webhook verify token
 * @param endpoint the Graph API base and version
 */
record MessengerPage(String pageId, String accessToken, String appSecret, String verifyToken, GraphEndpoint endpoint)
        implements MetaAccount {

    /**
     * Reads a credential.
     *
     * @throws IllegalArgumentException naming the field that is missing or wrong (never a secret)
     */
    static MessengerPage from(Credential credential) {
        String id = trimmed(credential.get(MessengerCredentialType.PAGE_ID));
        // the id becomes a path segment: only digits may pass
        if (id == null || !id.matches("\\d{1,32}")) {
            throw new IllegalArgumentException("the Messenger credential's page ID must be the page's numeric ID");
        }
        String token = trimmed(credential.get(MessengerCredentialType.PAGE_ACCESS_TOKEN));
        if (token == null) {
            throw new IllegalArgumentException("the Messenger credential has no page access token");
        }
        return new MessengerPage(id, token, trimmed(credential.get(MessengerCredentialType.APP_SECRET)),
                trimmed(credential.get(MessengerCredentialType.VERIFY_TOKEN)),
                GraphEndpoint.of("Messenger", credential.get(MessengerCredentialType.BASE_URL), GraphEndpoint.FACEBOOK,
                        credential.get(MessengerCredentialType.API_VERSION)));
    }

    /** {@code POST} here to send. */
    URI messagesUri() {
        return endpoint.resolve(pageId + "/messages");
    }

    /** {@code GET} here to read the page. */
    URI pageUri() {
        return URI.create(endpoint.resolve(pageId) + "?fields=name");
    }

    /** Leaves the secrets out, so a page never ends up in a log or an error message. */
    @Override
    public String toString() {
        return "MessengerPage[pageId=" + pageId + ", endpoint=" + endpoint + "]";
    }

    private static String trimmed(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
