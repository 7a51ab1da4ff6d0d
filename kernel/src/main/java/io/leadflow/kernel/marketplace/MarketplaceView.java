package io.leadflow.kernel.marketplace;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.leadflow.marketplace.Advisory;
import java.time.Instant;
import java.util.List;

/**
 * What {@code GET /api/v1/marketplace} answers.
 *
 * @param configured whether a marketplace is configured
 * @param source its location
 * @param sequence the verified index's sequence
 * @param issuedAt when it was signed
 * @param expiresAt when it stops being trusted
 * @param plugins its plugins, with what is installed here
 */
// every member always present (null when unknown), so a client never guesses whether a field exists
@JsonInclude(JsonInclude.Include.ALWAYS)
public record MarketplaceView(boolean configured, String source, Long sequence, Instant issuedAt, Instant expiresAt,
                              List<Plugin> plugins) {

    static MarketplaceView unconfigured() {
        return new MarketplaceView(false, null, null, null, null, List.of());
    }

    /**
     * A listed plugin.
     *
     * @param id the plugin id
     * @param name its name
     * @param description its description
     * @param author who publishes it
     * @param homepage its homepage
     * @param icon its icon
     * @param categories its categories
     * @param installedVersion the version installed here, or null
     * @param latestCompatible the highest release that is neither yanked nor incompatible, or null
     * @param updateAvailable whether that release is above the installed one
     * @param releases every listed release
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Plugin(String id, String name, String description, String author, String homepage, String icon,
                         List<String> categories, String installedVersion, String latestCompatible,
                         boolean updateAvailable, List<Release> releases) {
    }

    /**
     * A listed release, judged against this kernel.
     *
     * @param version its version
     * @param requires the LeadFlow versions it needs
     * @param size the jar's size
     * @param sha256 the jar's hash
     * @param yanked whether it was withdrawn
     * @param yankedReason why
     * @param compatible whether it can run on this kernel
     * @param incompatibleReason why not, or null
     * @param advisories security advisories on it
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Release(String version, String requires, long size, String sha256, boolean yanked, String yankedReason,
                          boolean compatible, String incompatibleReason, List<Advisory> advisories) {
    }
}
