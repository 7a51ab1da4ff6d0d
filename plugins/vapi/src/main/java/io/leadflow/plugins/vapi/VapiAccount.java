package io.leadflow.plugins.vapi;

import io.leadflow.api.credential.Credential;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A {@code vapi.account} credential read and checked once.
 *
 * @param apiKey the private API key
 * @param phoneNumberId the phone number calls are placed from
 * @param assistantId the assistant
 * @param serverSecret the webhooks' secret
 * @param bearer whether the secret travels as a bearer token (else {@code X-Vapi-Secret})
 * @param baseUri the API's base address, without a trailing slash
 */
record VapiAccount(String apiKey, String phoneNumberId, String assistantId, String serverSecret, boolean bearer,
                   URI baseUri) {
    static final URI VAPI = URI.create("https://api.vapi.ai");

    /**
     * Reads a credential.
     *
     * @throws IllegalArgumentException naming the field that is missing or wrong (never a secret)
     */
    static VapiAccount from(Credential credential) {
        String key = trimmed(credential.get(VapiCredentialType.API_KEY));
        if (key == null) {
            throw new IllegalArgumentException("the VAPI credential has no API key");
        }
        String number = trimmed(credential.get(VapiCredentialType.PHONE_NUMBER_ID));
        // the id becomes a path segment: only its documented form may pass
        if (number == null || !number.matches("[A-Za-z0-9-]{1,64}")) {
            throw new IllegalArgumentException("the VAPI credential's phone number ID must be a VAPI id (letters, digits, -)");
        }
        String assistant = trimmed(credential.get(VapiCredentialType.ASSISTANT_ID));
        if (assistant == null) {
            throw new IllegalArgumentException("the VAPI credential has no assistant ID");
        }
        String header = trimmed(credential.get(VapiCredentialType.SECRET_HEADER));
        return new VapiAccount(key, number, assistant, trimmed(credential.get(VapiCredentialType.SERVER_SECRET)),
                VapiCredentialType.BEARER.equals(header), baseUri(trimmed(credential.get(VapiCredentialType.BASE_URL))));
    }

    private static URI baseUri(String override) {
        if (override == null) {
            return VAPI;
        }
        String trimmed = override.replaceAll("/+$", "");
        try {
            URI uri = new URI(trimmed);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null
                    || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new IllegalArgumentException("the VAPI credential's base URL must be an http(s) address without "
                        + "query: " + trimmed);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the VAPI credential's base URL is not a URL: " + trimmed, e);
        }
    }

    /** {@code POST} here to place a call. */
    URI callUri() {
        return URI.create(baseUri + "/call");
    }

    /** {@code GET} here to read the phone number. */
    URI phoneNumberUri() {
        return URI.create(baseUri + "/phone-number/" + phoneNumberId);
    }

    /** Leaves the secrets out, so an account never ends up in a log or an error message. */
    @Override
    public String toString() {
        return "VapiAccount[phoneNumberId=" + phoneNumberId + ", assistantId=" + assistantId + ", baseUri=" + baseUri + "]";
    }

    private static String trimmed(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
