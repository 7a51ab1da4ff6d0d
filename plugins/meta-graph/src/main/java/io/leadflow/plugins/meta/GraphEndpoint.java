package io.leadflow.plugins.meta;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A Graph API address: a base ({@code https://graph.facebook.com} unless the credential overrides
 * it, e.g. for a proxy or a test's local fake) and a version such as {@code v23.0}.
 *
 * @param base the base, without a trailing slash
 * @param version the API version, {@code v<major>.<minor>}
 */
public record GraphEndpoint(URI base, String version) {
    /** The Graph API of Facebook (WhatsApp Cloud API, Messenger, Instagram with a page token). */
    public static final URI FACEBOOK = URI.create("https://graph.facebook.com");
    /** The Graph API of Instagram (Instagram API with Instagram login). */
    public static final URI INSTAGRAM = URI.create("https://graph.instagram.com");
    /** The version used when a credential names none. */
    public static final String DEFAULT_VERSION = "v23.0";

    /**
     * Reads a credential's fields.
     *
     * @param product the product, for messages
     * @param override the credential's base URL, or null/blank for {@code standard}
     * @param standard the real base
     * @param version the credential's version, or null/blank for {@link #DEFAULT_VERSION}
     * @return the endpoint
     * @throws IllegalArgumentException naming what is wrong
     */
    public static GraphEndpoint of(String product, String override, URI standard, String version) {
        String chosen = version == null || version.isBlank() ? DEFAULT_VERSION : version.trim();
        if (!chosen.startsWith("v")) {
            chosen = "v" + chosen;
        }
        if (!chosen.matches("v\\d{1,3}\\.\\d{1,2}")) {
            throw new IllegalArgumentException("the " + product + " credential's API version must look like v23.0, not '"
                    + version + "'");
        }
        if (override == null || override.isBlank()) {
            return new GraphEndpoint(standard, chosen);
        }
        String trimmed = override.trim().replaceAll("/+$", "");
        try {
            URI uri = new URI(trimmed);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null
                    || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new IllegalArgumentException("the " + product + " credential's base URL must be an http(s) address "
                        + "without query: " + trimmed);
            }
            return new GraphEndpoint(uri, chosen);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the " + product + " credential's base URL is not a URL: " + trimmed, e);
        }
    }

    /**
     * An address under the version.
     *
     * @param path a path of already-checked segments, e.g. {@code 1234567890/messages}
     * @return {@code <base>/<version>/<path>}
     */
    public URI resolve(String path) {
        return URI.create(base + "/" + version + "/" + path);
    }
}
