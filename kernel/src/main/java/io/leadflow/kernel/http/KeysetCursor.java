package io.leadflow.kernel.http;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.UUID;

/**
 * The position of the last item of a page, as an opaque URL-safe string: its sort time and id.
 * Lists sorted by (time, id) continue strictly after it, so pages never skip or repeat a row.
 *
 * @param at the last item's sort time
 * @param id the last item's id
 */
public record KeysetCursor(Instant at, UUID id) {

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((at + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    /** Decodes the cursor given as {@code parameter}; null when absent; a 400 problem when malformed. */
    public static KeysetCursor decode(String parameter, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(text.trim()), StandardCharsets.UTF_8).split("\\|", 2);
            return new KeysetCursor(Instant.parse(parts[0]), UUID.fromString(parts[1]));
        } catch (IllegalArgumentException | DateTimeParseException | ArrayIndexOutOfBoundsException e) {
            throw ProblemException.invalidParameter(parameter, parameter + " must be the 'next' cursor of a previous page");
        }
    }
}
