package io.leadflow.kernel.http;

import java.text.Normalizer;

/**
 * The one place a text value from a request is made fit to store: Unicode NFC (so that "é" typed
 * as one code point or as e + combining accent is one value to dedupe and blind-index), then
 * refused with a 422 naming the field if it holds a control character (NUL, escape, ...; tab and
 * newline only where the field is multi-line), a bidirectional override that can make text read
 * other than it is stored, or a lone surrogate, or if it is longer than the field allows.
 */
public final class TextInput {
    private TextInput() {
    }

    /** A one-line value such as a name: no control character at all. */
    public static String line(String pointer, String value, int maxLength) {
        return clean(pointer, value, maxLength, false);
    }

    /** A multi-line value such as a note: tab, newline and carriage return allowed. */
    public static String text(String pointer, String value, int maxLength) {
        return clean(pointer, value, maxLength, true);
    }

    private static String clean(String pointer, String value, int maxLength, boolean multiline) {
        if (value == null) {
            return null;
        }
        String normalized = Normalizer.normalize(value, Normalizer.Form.NFC);
        for (int i = 0; i < normalized.length(); i++) {
            char c = normalized.charAt(i);
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c) && i + 1 < normalized.length()
                        && Character.isLowSurrogate(normalized.charAt(i + 1));
                if (!paired) {
                    throw ProblemException.invalidField(pointer, pointer + " contains an unpaired surrogate (invalid Unicode)");
                }
                i++;
                continue;
            }
            if (Character.getType(c) == Character.CONTROL && !(multiline && (c == '\t' || c == '\n' || c == '\r'))) {
                throw ProblemException.invalidField(pointer, String.format(
                        "%s contains the control character U+%04X at position %d", pointer, (int) c, i));
            }
            if (isBidiControl(c)) {
                throw ProblemException.invalidField(pointer, String.format(
                        "%s contains the bidirectional control U+%04X at position %d", pointer, (int) c, i));
            }
        }
        if (normalized.codePointCount(0, normalized.length()) > maxLength) {
            throw ProblemException.invalidField(pointer, pointer + " must be at most " + maxLength + " characters");
        }
        return normalized;
    }

    private static boolean isBidiControl(char c) {
        return (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
    }
}
