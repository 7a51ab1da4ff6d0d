package io.leadflow.plugins.meta;

/** What every Meta credential holds besides its own ids: the token that sends and the webhook's keys. */
public interface MetaAccount {
    /** @return the access token calls are made with */
    String accessToken();

    /** @return the app secret webhooks are signed with, or null when the credential has none */
    String appSecret();

    /** @return the verify token of the webhook's subscription check, or null */
    String verifyToken();
}
