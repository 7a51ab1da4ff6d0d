package io.leadflow.marketplace;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The content of {@code index.json}: what a publisher writes and signs.
 *
 * @param schemaVersion the format's version, {@value #SCHEMA_VERSION}
 * @param sequence raised by every signing; a reader refuses one not above the highest it has seen
 * @param issuedAt when it was signed
 * @param expiresAt after this instant readers refuse it, so a stale copy cannot hide a yank for long
 * @param plugins the listed plugins
 */
public record IndexDocument(int schemaVersion, long sequence, Instant issuedAt, Instant expiresAt,
                            List<IndexPlugin> plugins) {
    /** The only format version so far. */
    public static final int SCHEMA_VERSION = 1;

    /** Lists are never null, so readers need no null checks. */
    public IndexDocument {
        plugins = plugins == null ? List.of() : List.copyOf(plugins);
    }

    /** An index with no plugins, sequence 0, issued and expiring now: it must be signed before use. */
    public static IndexDocument empty(Instant now) {
        return new IndexDocument(SCHEMA_VERSION, 0, now, now, List.of());
    }

    /** The plugin with that id, if listed. */
    public Optional<IndexPlugin> plugin(String id) {
        return plugins.stream().filter(plugin -> plugin.id().equals(id)).findFirst();
    }

    /** The same index with that plugin added, or replacing the one with its id in place. */
    public IndexDocument withPlugin(IndexPlugin plugin) {
        List<IndexPlugin> copy = new ArrayList<>(plugins);
        int at = -1;
        for (int i = 0; i < copy.size(); i++) {
            if (copy.get(i).id().equals(plugin.id())) {
                at = i;
            }
        }
        if (at < 0) {
            copy.add(plugin);
        } else {
            copy.set(at, plugin);
        }
        return new IndexDocument(schemaVersion, sequence, issuedAt, expiresAt, copy);
    }

    /** The same index re-issued: a higher sequence and a new validity window. */
    public IndexDocument issued(long newSequence, Instant newIssuedAt, Instant newExpiresAt) {
        return new IndexDocument(schemaVersion, newSequence, newIssuedAt, newExpiresAt, plugins);
    }
}
