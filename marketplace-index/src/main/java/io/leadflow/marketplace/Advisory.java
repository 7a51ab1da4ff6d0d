package io.leadflow.marketplace;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A security advisory on a release.
 *
 * @param id a stable identifier, e.g. {@code LFSA-2026-001} or a CVE id
 * @param severity {@code low}, {@code moderate}, {@code high} or {@code critical}
 * @param summary one sentence for an admin
 * @param fixedIn the first version without the problem, or null if none yet
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Advisory(String id, String severity, String summary, String fixedIn) {
}
