package io.leadflow.marketplace;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One published version of a plugin.
 *
 * @param version the {@code Plugin-Version}
 * @param requires the {@code Plugin-Requires} expression (LeadFlow versions it runs on), e.g. {@code >=0.1.0};
 *                 {@code *} for any
 * @param apiImports the jar's {@code Import-Package} clauses of {@code io.leadflow.api*}, as written
 * @param artifact where the jar is: an absolute URL, or a path relative to the index location
 * @param size the jar's length in bytes
 * @param sha256 the jar's SHA-256, lower-case hex
 * @param yanked whether the publisher withdrew it (kept listed so installed copies learn why)
 * @param yankedReason why it was withdrawn, or null
 * @param advisories security advisories on this release
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IndexRelease(String version, String requires, List<String> apiImports, String artifact, long size,
                           String sha256, boolean yanked, String yankedReason, List<Advisory> advisories) {
    /** Lists are never null, so readers need no null checks. */
    public IndexRelease {
        apiImports = apiImports == null ? List.of() : List.copyOf(apiImports);
        advisories = advisories == null ? List.of() : List.copyOf(advisories);
    }

    /** The same release, withdrawn for a reason. */
    public IndexRelease yank(String reason) {
        return new IndexRelease(version, requires, apiImports, artifact, size, sha256, true, reason, advisories);
    }
}
