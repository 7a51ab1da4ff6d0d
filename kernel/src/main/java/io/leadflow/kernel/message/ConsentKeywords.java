package io.leadflow.kernel.message;

import java.util.Locale;
import java.util.Set;

/**
 * The carrier-standard keywords a lead answers to opt out of or back into messages. The whole
 * message, trimmed and case-insensitive, must be the keyword: "stop by tomorrow" is not a STOP.
 */
enum ConsentKeywords {
    OPT_OUT, OPT_IN, NONE;

    private static final Set<String> STOP = Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT");
    private static final Set<String> START = Set.of("START", "UNSTOP");

    static ConsentKeywords of(String text) {
        if (text == null) {
            return NONE;
        }
        String word = text.trim().toUpperCase(Locale.ROOT);
        if (STOP.contains(word)) {
            return OPT_OUT;
        }
        return START.contains(word) ? OPT_IN : NONE;
    }
}
