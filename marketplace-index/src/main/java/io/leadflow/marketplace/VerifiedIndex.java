package io.leadflow.marketplace;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An index whose signature chain, validity window, sequence and schema were checked by
 * {@link IndexVerifier}; only that class creates one.
 *
 * @param sequence the index's sequence
 * @param issuedAt when it was signed
 * @param expiresAt when it stops being trusted
 * @param plugins the listed plugins
 * @param signedBy the id of the signing key
 * @param sha256 the SHA-256 of the exact {@code index.json} bytes, hex (tells a re-read of the same index apart)
 */
public record VerifiedIndex(long sequence, Instant issuedAt, Instant expiresAt, List<IndexPlugin> plugins,
                            String signedBy, String sha256) {
    /** Lists are never null, so readers need no null checks. */
    public VerifiedIndex {
        plugins = List.copyOf(plugins);
    }

    /** The plugin with that id, if listed. */
    public Optional<IndexPlugin> plugin(String id) {
        return plugins.stream().filter(plugin -> plugin.id().equals(id)).findFirst();
    }
}
