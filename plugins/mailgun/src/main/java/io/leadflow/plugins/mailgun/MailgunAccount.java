package io.leadflow.plugins.mailgun;

import io.leadflow.api.credential.Credential;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A {@code mailgun.api-key} credential read and checked once: where to send, with which key.
 *
 * @param apiKey the private API key
 * @param domain the sending domain
 * @param baseUri the API's base address, without a trailing slash
 * @param webhookSigningKey the webhook signing key, or null
 * @param defaultFrom the default sender, or null
 */
record MailgunAccount(String apiKey, String domain, URI baseUri, String webhookSigningKey, String defaultFrom) {
    static final URI US = URI.create("https://api.mailgun.net");
    static final URI EU = URI.create("https://api.eu.mailgun.net");

    /**
     * Reads a credential.
     *
     * @throws IllegalArgumentException naming the field that is missing or wrong (never its value)
     */
    static MailgunAccount from(Credential credential) {
        String apiKey = blankToNull(credential.get(MailgunCredentialType.API_KEY));
        if (apiKey == null) {
            throw new IllegalArgumentException("the Mailgun credential has no API key");
        }
        String domain = blankToNull(credential.get(MailgunCredentialType.DOMAIN));
        if (domain == null) {
            throw new IllegalArgumentException("the Mailgun credential has no domain");
        }
        domain = domain.trim().toLowerCase(Locale.ROOT);
        // the domain becomes a path segment; anything but a host name could redirect the request
        if (!domain.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+")) {
            throw new IllegalArgumentException("the Mailgun credential's domain is not a domain name: " + domain);
        }
        return new MailgunAccount(apiKey.trim(), domain, baseUri(credential),
                blankToNull(credential.get(MailgunCredentialType.WEBHOOK_SIGNING_KEY)),
                blankToNull(credential.get(MailgunCredentialType.DEFAULT_FROM)));
    }

    private static URI baseUri(Credential credential) {
        String override = blankToNull(credential.get(MailgunCredentialType.BASE_URL));
        if (override != null) {
            String trimmed = override.trim().replaceAll("/+$", "");
            try {
                URI uri = new URI(trimmed);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null
                        || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                    throw new IllegalArgumentException("the Mailgun credential's base URL must be an http(s) address "
                            + "without query: " + trimmed);
                }
                return uri;
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("the Mailgun credential's base URL is not a URL: " + trimmed, e);
            }
        }
        String region = credential.get(MailgunCredentialType.REGION);
        if (region == null || region.equalsIgnoreCase("us")) {
            return US;
        }
        if (region.equalsIgnoreCase("eu")) {
            return EU;
        }
        throw new IllegalArgumentException("the Mailgun credential's region must be us or eu, not " + region);
    }

    /** {@code POST} here to send: Mailgun's messages API. */
    URI messagesUri() {
        return URI.create(baseUri + "/v3/" + domain + "/messages");
    }

    /** {@code GET} here to read the domain: Mailgun's domains API. */
    URI domainUri() {
        return URI.create(baseUri + "/v3/domains/" + domain);
    }

    /** Leaves the keys out, so an account never ends up in a log or an error message. */
    @Override
    public String toString() {
        return "MailgunAccount[domain=" + domain + ", baseUri=" + baseUri + "]";
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
