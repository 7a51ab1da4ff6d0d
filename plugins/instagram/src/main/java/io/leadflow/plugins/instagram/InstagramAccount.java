package io.leadflow.plugins.instagram;

import io.leadflow.api.credential.Credential;
import io.leadflow.plugins.meta.GraphEndpoint;
import io.leadflow.plugins.meta.MetaAccount;
import java.net.URI;

/**
 * An {@code instagram.account} credential read and checked once.
 *
 * @param pageToken whether the token is a page token (else an Instagram user token)
 * @param accountId the Instagram account's id, or the linked page's id for a page token
 * @param accessToken the token
 * @param appSecret the app secret
 * @param verifyToken the webhook verify token
 * @param endpoint the Graph API base and version
 */
record InstagramAccount(boolean pageToken, String accountId, String accessToken, String appSecret, String verifyToken,
                        GraphEndpoint endpoint)
        implements MetaAccount {

    /**
     * Reads a credential.
     *
     * @throws IllegalArgumentException naming the field that is missing or wrong (never a secret)
     */
    static InstagramAccount from(Credential credential) {
        String login = trimmed(credential.get(InstagramCredentialType.LOGIN));
        boolean page = InstagramCredentialType.PAGE_TOKEN.equals(login);
        if (login != null && !page && !InstagramCredentialType.INSTAGRAM_LOGIN.equals(login)) {
            throw new IllegalArgumentException("the Instagram credential's login must be "
                    + InstagramCredentialType.INSTAGRAM_LOGIN + " or " + InstagramCredentialType.PAGE_TOKEN);
        }
        String id = trimmed(credential.get(InstagramCredentialType.ACCOUNT_ID));
        // the page id becomes a path segment: only digits may pass
        if (id == null || !id.matches("\\d{1,32}")) {
            throw new IllegalArgumentException("the Instagram credential's account ID must be numeric");
        }
        String token = trimmed(credential.get(InstagramCredentialType.ACCESS_TOKEN));
        if (token == null) {
            throw new IllegalArgumentException("the Instagram credential has no access token");
        }
        return new InstagramAccount(page, id, token, trimmed(credential.get(InstagramCredentialType.APP_SECRET)),
                trimmed(credential.get(InstagramCredentialType.VERIFY_TOKEN)),
                GraphEndpoint.of("Instagram", credential.get(InstagramCredentialType.BASE_URL),
                        page ? GraphEndpoint.FACEBOOK : GraphEndpoint.INSTAGRAM,
                        credential.get(InstagramCredentialType.API_VERSION)));
    }

    /** {@code POST} here to send: {@code me/messages} with Instagram login, {@code {page-id}/messages} with a page token. */
    URI messagesUri() {
        return endpoint.resolve((pageToken ? accountId : "me") + "/messages");
    }

    /** {@code GET} here to check the token. */
    URI profileUri() {
        return pageToken ? URI.create(endpoint.resolve(accountId) + "?fields=name")
                : URI.create(endpoint.resolve("me") + "?fields=user_id,username");
    }

    /** Leaves the secrets out, so an account never ends up in a log or an error message. */
    @Override
    public String toString() {
        return "InstagramAccount[accountId=" + accountId + ", pageToken=" + pageToken + ", endpoint=" + endpoint + "]";
    }

    private static String trimmed(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
