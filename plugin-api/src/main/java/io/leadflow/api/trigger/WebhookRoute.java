package io.leadflow.api.trigger;

import java.util.Objects;
import java.util.Set;

/**
 * Where a webhook trigger listens: a path below {@code /hooks/} and the methods it accepts.
 *
 * @param path the path below {@code /hooks/}, e.g. {@code forms/contact}
 * @param methods the accepted HTTP methods, upper case
 */
public record WebhookRoute(String path, Set<String> methods) {

    /**
     * Validates and copies.
     *
     * @param path the path
     * @param methods the methods
     */
    public WebhookRoute {
        Objects.requireNonNull(path, "path");
        if (!path.matches("[A-Za-z0-9][A-Za-z0-9._~/-]{0,200}") || path.contains("..") || path.contains("//")) {
            throw new IllegalArgumentException("webhook path must be plain segments of letters, digits, . _ ~ -: " + path);
        }
        methods = Set.copyOf(methods);
        if (methods.isEmpty()) {
            throw new IllegalArgumentException("a webhook route needs at least one method");
        }
    }
}
