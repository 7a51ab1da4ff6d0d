package io.leadflow.marketplace;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Optional;

/**
 * A plugin listed in the index with its releases.
 *
 * @param id the {@code Plugin-Id}
 * @param name the name shown in the marketplace
 * @param description one paragraph, or null
 * @param author who publishes it, or null
 * @param homepage a URL, or null
 * @param icon a URL or an icon name, or null
 * @param categories marketplace categories, e.g. {@code messaging}
 * @param releases its published versions, in the order they were added
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IndexPlugin(String id, String name, String description, String author, String homepage, String icon,
                          List<String> categories, List<IndexRelease> releases) {
    /** Lists are never null, so readers need no null checks. */
    public IndexPlugin {
        categories = categories == null ? List.of() : List.copyOf(categories);
        releases = releases == null ? List.of() : List.copyOf(releases);
    }

    /** The release of that version, if listed. */
    public Optional<IndexRelease> release(String version) {
        return releases.stream().filter(release -> release.version().equals(version)).findFirst();
    }

    /** The same plugin with other releases. */
    public IndexPlugin withReleases(List<IndexRelease> newReleases) {
        return new IndexPlugin(id, name, description, author, homepage, icon, categories, newReleases);
    }
}
